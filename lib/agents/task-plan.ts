// What a task on an agent runs as, and how it reads in AgentArea's words. Pure, so it is unit-tested:
// lib/agents/tasks.ts hands createRun what `taskRunInput` plans.
import { AppError } from "@/lib/errors";
import type { CreateRunInput, RunStatus } from "@/lib/runs/schemas";
import { shorten } from "@/lib/runs/text";
import type { AgentView } from "./schemas";
import type { TaskParameters, TaskStatus } from "./task-schemas";

/** The built-in roles that work as a pipeline, and those of a debate (lib/runs/engine/plan.ts). */
const PIPELINE_ROLES = new Set(["architect", "coder", "reviewer", "refiner", "documenter"]);
const DEBATE_ROLES = new Set(["proponent", "skeptic", "judge"]);

/** Which providers the server has keys for (lib/runs/models/providers.ts). */
export interface Providers {
  openai: boolean;
  anthropic: boolean;
  compatible: boolean;
}

const PARLEY_MODEL = /^(demo(:[a-z0-9-]{1,40})?|(openai|anthropic|compatible):.+)$/;

/**
 * The model a task runs on (the task's, else its agent's). A Parley model id is taken as it is (the run refuses one whose provider is not
 * configured). A provider's bare name — AgentArea's example sends `"gpt-4"` — is served as the LLM gateway
 * serves it: by the provider that has that name (`claude-…` Anthropic, others OpenAI, then an
 * OpenAI-compatible server) when the server has its key, else by the demo model — and every event names
 * the model that answered.
 */
export function taskModel(asked: string, providers: Providers): string {
  if (PARLEY_MODEL.test(asked)) return asked;
  if (/^claude/i.test(asked)) return providers.anthropic ? `anthropic:${asked}` : "demo";
  if (providers.openai) return `openai:${asked}`;
  if (providers.compatible) return `compatible:${asked}`;
  return "demo";
}

/**
 * The run a task is: a built-in role runs with its team (a pipeline's five, or a debate), the task's
 * instructions given to that role; a saved agent runs alone, with its instructions.
 */
export function taskRunInput(
  agent: AgentView,
  task: { text: string; parameters: TaskParameters },
  providers: Providers,
): Omit<CreateRunInput, "session_id"> {
  const params = task.parameters;
  const budget = params.budget_usd === undefined ? {} : { budget_usd: params.budget_usd };
  const model = taskModel(params.model ?? agent.model, providers);
  if (!agent.built_in) {
    const instructions = params.instructions ?? agent.instructions.trim();
    const one = { name: shorten(agent.name, 40), role: "agent", model, ...(instructions && { instructions }) };
    return { task: task.text, strategy: "pipeline", agents: [one], ...budget };
  }
  const modelAsked = params.model === undefined ? {} : { model };
  if (DEBATE_ROLES.has(agent.id)) {
    if (params.instructions && agent.id === "judge") {
      throw new AppError("validation_failed", "The judge's instructions are Parley's: give them to a debater, or save an agent", {
        issues: [{ path: "task_parameters.instructions", message: "not for the judge" }],
      });
    }
    const debaters = ["Proponent", "Skeptic"].map((name) =>
      params.instructions && name.toLowerCase() === agent.id ? { name, instructions: params.instructions } : name,
    );
    return { task: task.text, strategy: "debate", agents: debaters, ...modelAsked, ...budget };
  }
  if (!PIPELINE_ROLES.has(agent.id)) throw new Error(`no team for built-in agent ${agent.id}`);
  const team = ["Architect", "Coder", "Reviewer", "Refiner", "Documenter"].map((name) =>
    params.instructions && name.toLowerCase() === agent.id ? { name, instructions: params.instructions } : name,
  );
  return { task: task.text, strategy: "pipeline", agents: team, ...modelAsked, ...budget };
}

/** A task's status: `pending` until it is executed, then its run's (`queued` reads as `running`). */
export function taskStatus(runStatus: RunStatus | null): TaskStatus {
  if (runStatus === null) return "pending";
  return runStatus === "queued" ? "running" : runStatus;
}

/** Whether a task with this status is over: nothing follows it. */
export const isFinishedTask = (status: TaskStatus) => status === "completed" || status === "failed" || status === "cancelled";

/** The rough price of one model call before it runs, for WorkflowLLMCallStarted's `estimated_cost`. */
export const ESTIMATE_TOKENS = { input: 1000, output: 500 } as const;
