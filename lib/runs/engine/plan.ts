// Choosing a strategy for a task and the agents that carry it out. Pure, so it is unit-tested.
import type { AgentSpec, CreateRunInput, RunConfig, Strategy } from "../schemas";

export function selectStrategy(task: string, requested?: Strategy): { strategy: Strategy; reason: string } {
  if (requested) return { strategy: requested, reason: `Requested: ${requested}` };
  const t = task.toLowerCase();
  if (/\b(vs\.?|versus|compare|debate|should (we|i)|pros and cons|which is better|trade-?offs?|is it worth)\b/.test(t)) {
    return {
      strategy: "debate",
      reason: "The task weighs options, so agents with opposing stances debate it and a judge decides",
    };
  }
  if (/\b(quick(ly)?|fastest|race|one-liner|in one sentence|tl;?dr)\b/.test(t) || (t.length < 80 && t.trim().endsWith("?"))) {
    return { strategy: "race", reason: "The task wants a short answer, so several models race and the first good answer wins" };
  }
  return {
    strategy: "pipeline",
    reason: "The task asks for something to be built, so it goes through design, code, review, refinement and docs",
  };
}

const PIPELINE: Omit<AgentSpec, "model">[] = [
  { name: "Architect", role: "architect: designs the solution" },
  { name: "Coder", role: "coder: implements the design" },
  { name: "Reviewer", role: "reviewer: checks the implementation" },
  { name: "Refiner", role: "refiner: applies the review" },
  { name: "Documenter", role: "documenter: writes the docs" },
];

const STANCES = ["argue for it", "argue against it", "look for the pragmatic middle", "represent the user's view"];
const DEBATERS = ["Proponent", "Skeptic"];
const DEMO_RACERS: [string, string][] = [
  ["Swift", "demo:swift"],
  ["Steady", "demo:steady"],
  ["Thorough", "demo:thorough"],
];

type AgentInput = NonNullable<CreateRunInput["agents"]>[number];
type AgentAsked = { name: string; role?: string; model?: string; stance?: string; instructions?: string };
const named = (a: AgentInput): AgentAsked => (typeof a === "string" ? { name: a } : a);
// Only when given, so the configs of runs without instructions stay as they were.
const withInstructions = (a: AgentAsked) => (a.instructions ? { instructions: a.instructions } : {});

/** The agents of a run: the strategy's defaults, or the ones asked for, each with a model. */
export function buildConfig(
  strategy: Strategy,
  input: CreateRunInput,
  defaultModel: string,
  availableModels: string[],
): RunConfig {
  const model = input.model ?? defaultModel;
  let agents: AgentSpec[];
  if (strategy === "pipeline") {
    const asked: AgentAsked[] = input.agents?.map(named) ?? PIPELINE;
    agents = asked.map((a) => {
      const known = PIPELINE.find((p) => p.name.toLowerCase() === a.name.toLowerCase());
      return { name: a.name, role: a.role ?? known?.role ?? a.name, model: a.model ?? model, ...withInstructions(a) };
    });
  } else if (strategy === "debate") {
    const asked = input.agents?.map(named) ?? DEBATERS.map((name): AgentAsked => ({ name }));
    const debaters = asked.map((a, i) => ({
      name: a.name,
      role: a.role ?? "debater",
      model: a.model ?? model,
      stance: a.stance ?? STANCES[i % STANCES.length],
      ...withInstructions(a),
    }));
    agents = [...debaters, { name: "Judge", role: "judge: weighs the arguments and decides", model }];
  } else {
    const asked = input.agents?.map(named);
    if (asked) {
      agents = asked.map((a) => ({
        name: a.name,
        role: a.role ?? "contestant",
        model: a.model ?? model,
        ...withInstructions(a),
      }));
    } else if (model === "demo" && !input.model) {
      agents = DEMO_RACERS.map(([name, m]) => ({ name, role: "contestant", model: m }));
    } else {
      // Different providers race each other when several are configured; otherwise three takes of one model.
      const models = availableModels.length >= 2 ? availableModels : [model, model, model];
      agents = models.map((m, i) => ({
        name: availableModels.length >= 2 ? (m.split(":")[0] ?? m) : `Take ${i + 1}`,
        role: "contestant",
        model: m,
      }));
    }
  }
  return {
    agents,
    rounds: strategy === "debate" ? (input.rounds ?? 2) : 1,
    budget_usd: input.budget_usd ?? null,
    max_tokens: input.max_tokens ?? null,
    seed: input.seed ?? Math.floor(Math.random() * 2 ** 31),
    approval: {
      mode: input.approval ?? "none",
      quorum: input.approval_quorum ?? 1,
      timeout_s: input.approval_timeout_s ?? null,
      default_action: input.approval_timeout_action ?? "reject",
    },
  };
}
