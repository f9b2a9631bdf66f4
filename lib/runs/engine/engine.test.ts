import { simulateReadableStream } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { harness, type Recorded, runStrategy, shape } from "@/tests/support/run-harness";
import { createDemoModel } from "../models/demo-model";
import type { Control } from "./environment";
import { buildConfig } from "./plan";
import { RunStop } from "./run-stop";

/** Long enough for a demo turn on a busy machine; a wait that runs out fails the test. */
const WAIT = { timeout: 10_000, interval: 5 };

function tokensOf(events: Recorded[], turnId: string) {
  return events
    .filter((e) => e.type === "agent.token" && e.data.turn_id === turnId)
    .map((e) => e.data.text as string)
    .join("");
}

describe("a running turn's text", () => {
  it("goes out in tokens that say where they start, and is stored as it grows", async () => {
    const h = harness({ partialTextMs: 1, model: (id) => createDemoModel(id, { tokenMs: 2 }) });
    const { events } = await runStrategy("pipeline", { agents: ["Architect"] }, h);
    const first = events.find((e) => e.type === "agent.turn_started")?.data.turn_id;
    const tokens = events.filter((e) => e.type === "agent.token" && e.data.turn_id === first);
    let at = 0;
    for (const t of tokens) {
      expect(t.data.offset).toBe(at);
      at += String(t.data.text).length;
    }
    const stored = h.partials.filter((p) => p.id === first).map((p) => p.text);
    expect(stored.length).toBeGreaterThan(0);
    const final = tokensOf(events, String(first));
    for (const text of stored) expect(final.startsWith(text)).toBe(true);
  });
});

describe("pipeline on the demo model", () => {
  it("emits each agent's turn in order, with the code check after the Coder and the verdict after the Reviewer", async () => {
    const { events, result, error } = await runStrategy("pipeline");
    expect(error).toBeNull();
    const turn = ["step", "agent.turn_started", "agent.token", "agent.turn_completed"];
    expect(shape(events)).toEqual([
      ...turn,
      "run.progress",
      ...turn,
      "tool.invoked",
      "tool.result",
      "run.progress",
      ...turn,
      "verification",
      "run.progress",
      ...turn,
      "run.progress",
      ...turn,
      "run.progress",
    ]);
    const agents = events.filter((e) => e.type === "agent.turn_started").map((e) => e.data.agent);
    expect(agents).toEqual(["Architect", "Coder", "Reviewer", "Refiner", "Documenter"]);
    expect(events.find((e) => e.type === "tool.result")?.data).toMatchObject({ tool: "code_check", success: true });
    expect(events.find((e) => e.type === "verification")?.data).toMatchObject({ passed: true, score: expect.any(Number) });
    expect(result?.summary).toMatch(/Build a REST API/);
    const last = events.filter((e) => e.type === "run.progress").at(-1)?.data;
    expect(last).toMatchObject({ completed_steps: 5, total_steps: 5, est_remaining_ms: 0 });
  });

  it("streams token deltas that concatenate to exactly each turn's final text", async () => {
    const { events } = await runStrategy("pipeline");
    const completed = events.filter((e) => e.type === "agent.turn_completed");
    expect(completed).toHaveLength(5);
    for (const c of completed) {
      expect((c.data.text as string).length).toBeGreaterThan(50);
      expect(tokensOf(events, c.data.turn_id as string)).toBe(c.data.text);
    }
  });

  it("adds up usage and cost across turns", async () => {
    const { events, ctx, turns } = await runStrategy("pipeline");
    const completed = events.filter((e) => e.type === "agent.turn_completed").map((e) => e.data);
    const sum = (k: string) => completed.reduce((n, d) => n + (d[k] as number), 0);
    expect(ctx.totals.inputTokens).toBe(sum("input_tokens"));
    expect(ctx.totals.outputTokens).toBe(sum("output_tokens"));
    expect(ctx.totals.costUsd).toBeCloseTo(sum("cost_usd"), 6);
    // demo prices: $1 in / $4 out per million tokens
    expect(ctx.totals.costUsd).toBeCloseTo((ctx.totals.inputTokens * 1 + ctx.totals.outputTokens * 4) / 1e6, 9);
    expect([...turns.values()].every((t) => t.status === "completed" && t.text.length > 0)).toBe(true);
  });

  it("is deterministic for a seed", async () => {
    const a = await runStrategy("pipeline", { seed: 99 });
    const b = await runStrategy("pipeline", { seed: 99 });
    const texts = (r: typeof a) => r.events.filter((e) => e.type === "agent.turn_completed").map((e) => e.data.text);
    expect(texts(a)).toEqual(texts(b));
    const c = await runStrategy("pipeline", { seed: 100 });
    expect(texts(c)).not.toEqual(texts(a));
  });
});

describe("debate and race", () => {
  it("debate: debaters alternate for each round, each answering the others, then the judge rules", async () => {
    const { events, error, result } = await runStrategy("debate", { rounds: 3 });
    expect(error).toBeNull();
    const turns = events.filter((e) => e.type === "agent.turn_started").map((e) => `${e.data.agent}#${e.data.round}`);
    expect(turns).toEqual(["Proponent#1", "Skeptic#1", "Proponent#2", "Skeptic#2", "Proponent#3", "Skeptic#3", "Judge#3"]);
    expect(shape(events).slice(-3)).toEqual(["agent.turn_completed", "verification", "run.progress"]);
    const skepticRound2 = events.find(
      (e) => e.type === "agent.turn_completed" && e.data.agent === "Skeptic" && (e.data.text as string).includes("Round 2"),
    );
    expect(skepticRound2?.data.text).toMatch(/Proponent made a fair point/);
    expect(result?.summary).toMatch(/Go ahead/);
  });

  it("race: the first acceptable answer wins and the others are cancelled", async () => {
    const { events, error } = await runStrategy("race");
    expect(error).toBeNull();
    const completed = events.filter((e) => e.type === "agent.turn_completed").map((e) => e.data.agent);
    const cancelled = events.filter((e) => e.type === "agent.turn_failed").map((e) => [e.data.agent, e.data.error_type]);
    expect(completed).toEqual(["Swift"]);
    expect(cancelled).toEqual(
      expect.arrayContaining([
        ["Steady", "cancelled"],
        ["Thorough", "cancelled"],
      ]),
    );
    expect(events.find((e) => e.type === "verification")?.data.verdict).toMatch(/Swift answered first/);
  });
});

describe("budgets and controls", () => {
  it("warns at 80 % of the budget and stops the run cleanly when it is spent", async () => {
    const { events, error, turns } = await runStrategy("pipeline", { budget_usd: 0.0015 });
    expect(error).toBeInstanceOf(RunStop);
    expect(error?.kind).toBe("budget");
    expect(error?.errorType).toBe("budget_exceeded");
    const types = events.map((e) => e.type);
    const warn = types.indexOf("run.budget_warning");
    const exceeded = types.indexOf("run.budget_exceeded");
    expect(warn).toBeGreaterThan(-1);
    expect(exceeded).toBeGreaterThan(warn);
    expect(types.filter((t) => t === "run.budget_warning")).toHaveLength(1);
    expect(events[exceeded]?.data).toMatchObject({ limit_usd: 0.0015 });
    // Nothing starts after the budget is spent, and fewer than all five agents got to work.
    expect(types.slice(exceeded).includes("agent.turn_started")).toBe(false);
    expect(turns.size).toBeLessThan(5);
  });

  it("stops at a token limit too", async () => {
    const { error, events } = await runStrategy("pipeline", { max_tokens: 150 });
    expect(error?.errorType).toBe("budget_exceeded");
    expect(events.find((e) => e.type === "run.budget_exceeded")?.data).toMatchObject({ limit_tokens: 150 });
  });

  it("cancels mid-turn: the turn fails as cancelled and nothing more runs", async () => {
    const h = harness({ model: (id) => createDemoModel(id, { tokenMs: 2 }) });
    let control: Control = null;
    h.env.readControl = async () => control;
    const pending = runStrategy("pipeline", {}, h);
    await vi.waitFor(() => expect(h.events.some((e) => e.type === "agent.token")).toBe(true), WAIT);
    control = "cancel";
    const { error, events } = await pending;
    expect(error?.kind).toBe("cancelled");
    expect(events.at(-1)).toMatchObject({ type: "agent.turn_failed", data: { agent: "Architect", error_type: "cancelled" } });
    expect(events.filter((e) => e.type === "agent.turn_started")).toHaveLength(1);
  });

  it("counts what a cancelled turn said: its tokens and cost are in the turn's event and the run's totals", async () => {
    const h = harness({ model: (id) => createDemoModel(id, { tokenMs: 2 }) });
    let control: Control = null;
    h.env.readControl = async () => control;
    const pending = runStrategy("pipeline", {}, h);
    await vi.waitFor(() => expect(h.events.filter((e) => e.type === "agent.token").length).toBeGreaterThan(2), WAIT);
    control = "cancel";
    const { events, ctx } = await pending;
    const failed = events.find((e) => e.type === "agent.turn_failed")?.data as Record<string, number>;
    const said = tokensOf(events, String(failed.turn_id));
    expect(said.length).toBeGreaterThan(0);
    expect(failed.output_tokens).toBe(Math.ceil(said.length / 4));
    expect(failed.input_tokens).toBeGreaterThan(0);
    expect(ctx.totals.outputTokens).toBe(failed.output_tokens);
    expect(ctx.totals.inputTokens).toBe(failed.input_tokens);
    expect(ctx.totals.costUsd).toBeCloseTo(failed.cost_usd ?? Number.NaN, 6);
  });

  it("pauses between turns and resumes", async () => {
    const h = harness({ model: (id) => createDemoModel(id, { tokenMs: 1 }) });
    let control: Control = null;
    h.env.readControl = async () => control;
    const pending = runStrategy("pipeline", { agents: ["Architect", "Coder"] }, h);
    await vi.waitFor(() => expect(h.events.some((e) => e.type === "agent.token")).toBe(true), WAIT);
    control = "pause";
    await vi.waitFor(() => expect(h.events.some((e) => e.type === "run.paused")).toBe(true), WAIT);
    // Paused after the Architect's turn: the Coder has not started.
    expect(h.events.filter((e) => e.type === "agent.turn_started")).toHaveLength(1);
    control = null;
    const { error, events, statuses } = await pending;
    expect(error).toBeNull();
    const types = events.map((e) => e.type);
    expect(types.indexOf("run.resumed")).toBeGreaterThan(types.indexOf("run.paused"));
    expect(types.lastIndexOf("agent.turn_started")).toBeGreaterThan(types.indexOf("run.resumed"));
    expect(statuses).toEqual(["paused", "running"]);
  });
});

describe("provider errors", () => {
  it("become agent.turn_failed and a readable run failure, never a hang", async () => {
    const failing = new MockLanguageModelV3({
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            { type: "stream-start", warnings: [] },
            { type: "text-start", id: "1" },
            { type: "text-delta", id: "1", delta: "Partial " },
            { type: "error", error: new Error("429 Too Many Requests: rate limit reached") },
          ],
        }),
      }),
    });
    const { error, events, turns } = await runStrategy("pipeline", {}, harness({ model: () => failing }));
    expect(error?.kind).toBe("failed");
    expect(error?.message).toMatch(/Architect's model call failed: 429 Too Many Requests/);
    expect(events.at(-1)).toMatchObject({ type: "agent.turn_failed", data: { error_type: "provider_error" } });
    expect([...turns.values()][0]).toMatchObject({ status: "failed", text: "Partial " });
  });

  it("a model that throws on connect fails the turn too", async () => {
    const broken = new MockLanguageModelV3({
      doStream: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:11434");
      },
    });
    const { error } = await runStrategy("race", { model: "openai:gpt-4o-mini" }, harness({ model: () => broken }));
    expect(error?.errorType).toBe("no_acceptable_answer");
  });

  it("a model that goes silent times out", async () => {
    const silent = new MockLanguageModelV3({
      doStream: async () => ({ stream: new ReadableStream({ start() {} }) }),
    });
    const h = harness({ model: () => silent });
    h.env.turnTimeoutMs = 50;
    const { error } = await runStrategy("pipeline", {}, h);
    expect(error).toMatchObject({ kind: "failed", errorType: "timeout" });
  });
});

describe("verdicts, checks and plans", () => {
  it("parses verdict lines", async () => {
    const { parseVerdict } = await import("./verdict");
    expect(parseVerdict("ok\nVERDICT: PASS — SCORE: 8/10\n")).toEqual({
      passed: true,
      verdict: "VERDICT: PASS — SCORE: 8/10",
      score: 8,
    });
    expect(parseVerdict("verdict: fail, score: 3.5 / 10")).toMatchObject({ passed: false, score: 3.5 });
    expect(parseVerdict("no verdict here")).toEqual({ passed: true, verdict: "No explicit verdict given" });
  });

  it("checks code blocks for balanced brackets", async () => {
    const { checkCode, acceptable } = await import("./strategies");
    expect(checkCode("```ts\nfunction f() { return [1, (2)]; }\n```")).toEqual({
      success: true,
      output: "1 code block, 1 lines, brackets balanced",
    });
    expect(checkCode("```ts\nfunction f() { return [1, (2]; }\n```").success).toBe(false);
    expect(checkCode("no code").success).toBe(false);
    expect(acceptable("I'm sorry, I can't help with that request.")).toBe(false);
    expect(acceptable("Use PostgreSQL with a read replica for reports.")).toBe(true);
  });

  it("selects a strategy from the task when none is given", async () => {
    const { selectStrategy } = await import("./plan");
    expect(selectStrategy("Build a REST API with JWT auth").strategy).toBe("pipeline");
    expect(selectStrategy("Should we use microservices or a monolith?").strategy).toBe("debate");
    expect(selectStrategy("Postgres vs MySQL for analytics").strategy).toBe("debate");
    expect(selectStrategy("What is the capital of Peru?").strategy).toBe("race");
    expect(selectStrategy("anything", "race")).toEqual({ strategy: "race", reason: "Requested: race" });
  });

  it("builds agents from defaults or from what was asked", () => {
    const pipe = buildConfig(
      "pipeline",
      { task: "t", agents: ["architect", { name: "Tester", role: "tester: writes tests", model: "demo:swift" }] },
      "demo",
      [],
    );
    expect(pipe.agents).toEqual([
      { name: "architect", role: "architect: designs the solution", model: "demo" },
      { name: "Tester", role: "tester: writes tests", model: "demo:swift" },
    ]);
    const deb = buildConfig("debate", { task: "t", rounds: 4 }, "openai:gpt-4o-mini", []);
    expect(deb.agents.map((a) => [a.name, a.stance ?? null, a.model])).toEqual([
      ["Proponent", "argue for it", "openai:gpt-4o-mini"],
      ["Skeptic", "argue against it", "openai:gpt-4o-mini"],
      ["Judge", null, "openai:gpt-4o-mini"],
    ]);
    expect(deb.rounds).toBe(4);
    const multi = buildConfig("race", { task: "t" }, "openai:gpt-4o-mini", [
      "openai:gpt-4o-mini",
      "anthropic:claude-3-5-haiku-latest",
    ]);
    expect(multi.agents.map((a) => a.model)).toEqual(["openai:gpt-4o-mini", "anthropic:claude-3-5-haiku-latest"]);
  });
});

describe("control polling", () => {
  it("a failed control read keeps the last known control: a database blip does not resume a paused run", async () => {
    const h = harness({ model: (id) => createDemoModel(id, { tokenMs: 1 }) });
    let control: Control = null;
    let failing = false;
    let failedReads = 0;
    h.env.readControl = async () => {
      if (!failing) return control;
      failedReads++;
      throw new Error("connection terminated unexpectedly");
    };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const pending = runStrategy("pipeline", { agents: ["Architect", "Coder"] }, h);
      await vi.waitFor(() => expect(h.events.some((e) => e.type === "agent.token")).toBe(true), WAIT);
      control = "pause";
      await vi.waitFor(() => expect(h.events.some((e) => e.type === "run.paused")).toBe(true), WAIT);
      failing = true;
      await vi.waitFor(() => expect(failedReads).toBeGreaterThanOrEqual(5), WAIT);
      expect(h.events.some((e) => e.type === "run.resumed")).toBe(false);
      expect(h.events.filter((e) => e.type === "agent.turn_started")).toHaveLength(1);
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/reading controls failed/), expect.any(Error));
      failing = false;
      control = null;
      const { error, events } = await pending;
      expect(error).toBeNull();
      expect(events.filter((e) => e.type === "run.resumed")).toHaveLength(1);
    } finally {
      logged.mockRestore();
    }
  });

  it("polls one at a time: a slow control read is never overlapped by the next", async () => {
    const h = harness({ model: (id) => createDemoModel(id, { tokenMs: 2 }) });
    let inFlight = 0;
    let maxInFlight = 0;
    let reads = 0;
    h.env.readControl = async () => {
      reads++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5 * h.env.controlPollMs));
      inFlight--;
      return null;
    };
    const { error } = await runStrategy("pipeline", { agents: ["Architect"] }, h);
    expect(error).toBeNull();
    expect(reads).toBeGreaterThan(1);
    expect(maxInFlight).toBe(1);
  });
});
