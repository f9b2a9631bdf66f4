import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { builtinAgents } from "./builtins";
import type { AgentView } from "./schemas";
import { taskModel, taskRunInput, taskStatus } from "./task-plan";

const none = { openai: false, anthropic: false, compatible: false };
const builtin = (id: string) => builtinAgents("demo").find((a) => a.id === id) as AgentView;
const saved: AgentView = {
  id: "agent_1",
  name: "Researcher",
  model: "demo:swift",
  instructions: "Cite sources.",
  tools: [],
  built_in: false,
  created_at: null,
  updated_at: null,
};

describe("the model a task runs on", () => {
  it("takes Parley's ids as they are", () => {
    expect(taskModel("openai:gpt-4o", none)).toBe("openai:gpt-4o");
    expect(taskModel("demo:thorough", none)).toBe("demo:thorough");
  });

  it("serves a bare name (AgentArea's gpt-4) by the provider that has it when keyed, else by the demo model", () => {
    expect(taskModel("gpt-4", none)).toBe("demo");
    expect(taskModel("gpt-4", { ...none, openai: true })).toBe("openai:gpt-4");
    expect(taskModel("gpt-4", { ...none, compatible: true })).toBe("compatible:gpt-4");
    expect(taskModel("claude-3-5-haiku-latest", { ...none, openai: true })).toBe("demo");
    expect(taskModel("claude-3-5-haiku-latest", { ...none, anthropic: true })).toBe("anthropic:claude-3-5-haiku-latest");
  });
});

describe("the run a task is", () => {
  it("runs a saved agent alone, with the task's instructions over its own", () => {
    expect(taskRunInput(saved, { text: "Explain", parameters: {} }, none)).toEqual({
      task: "Explain",
      strategy: "pipeline",
      agents: [{ name: "Researcher", role: "agent", model: "demo:swift", instructions: "Cite sources." }],
    });
    const asked = taskRunInput(
      saved,
      { text: "Explain", parameters: { instructions: "Be brief.", model: "gpt-4", budget_usd: 1 } },
      none,
    );
    expect(asked.agents).toEqual([{ name: "Researcher", role: "agent", model: "demo", instructions: "Be brief." }]);
    expect(asked.budget_usd).toBe(1);
    // A saved agent whose model is a bare name (AgentArea's agent_config "gpt-4") runs like a task's.
    expect(taskRunInput({ ...saved, model: "gpt-4" }, { text: "x", parameters: {} }, none).agents).toMatchObject([
      { model: "demo" },
    ]);
  });

  it("runs a built-in role with its team, the instructions given to that role", () => {
    const coder = taskRunInput(builtin("coder"), { text: "Build it", parameters: { instructions: "Use Rust." } }, none);
    expect(coder.strategy).toBe("pipeline");
    expect(coder.agents).toEqual([
      "Architect",
      { name: "Coder", instructions: "Use Rust." },
      "Reviewer",
      "Refiner",
      "Documenter",
    ]);
    expect(coder.model).toBeUndefined();
    const skeptic = taskRunInput(builtin("skeptic"), { text: "Tabs or spaces?", parameters: { model: "demo:swift" } }, none);
    expect(skeptic).toMatchObject({ strategy: "debate", agents: ["Proponent", "Skeptic"], model: "demo:swift" });
  });

  it("refuses instructions for the judge, whose are Parley's", () => {
    expect(() => taskRunInput(builtin("judge"), { text: "x", parameters: { instructions: "Be kind." } }, none)).toThrow(AppError);
  });
});

describe("a task's status", () => {
  it("is pending until executed, then its run's in AgentArea's words", () => {
    expect(taskStatus(null)).toBe("pending");
    expect(taskStatus("queued")).toBe("running");
    expect(taskStatus("paused")).toBe("paused");
    expect(taskStatus("completed")).toBe("completed");
    expect(taskStatus("cancelled")).toBe("cancelled");
  });
});
