// Planning a fork — which of the source's turns it inherits, the agents it runs with, whom the
// instruction is for — from the source as stored. Pure, so it is unit-tested; lib/runs/fork/create.ts
// stores what it plans.
import { AppError } from "@/lib/errors";
import { buildConfig } from "../engine/plan";
import type { StoredGate } from "../engine/replay";
import type { TurnRecord } from "../engine/turn-record";
import { isBuiltinStrategy, type RunConfig, type RunStrategy } from "../schemas";
import type { ForkRunInput } from "./schemas";

export interface ForkSource {
  id: string;
  task: string;
  strategy: RunStrategy;
  config: RunConfig;
  turns: TurnRecord[];
  gates: StoredGate[];
}

export interface ForkPlan {
  /** The source's turns before the fork point, in seq order: carried over as they are. */
  inherited: TurnRecord[];
  /** The gates met after inherited turns, decided: replaying the fork meets them again. */
  gates: StoredGate[];
  /** The fork point. */
  at: TurnRecord;
  config: RunConfig;
  /** Whom the instruction is for: the fork point's agent, or every agent when the fork has no agent of that name. */
  noteTo: string | null;
}

const STANDING = new Set(["completed", "superseded"]);

export const externalForkMessage =
  "This is an external run: its agents live with its producer, and no producer here declared it can resume from a step, so Parley cannot run it again from a turn";

/** Whether Parley may fork the run: it runs it itself, or its producer declared it can resume from a step. */
export const mayForkSource = (source: { strategy: RunStrategy; config: RunConfig }): boolean =>
  isBuiltinStrategy(source.strategy) || source.config.capabilities?.fork === true;

export function planFork(source: ForkSource, input: ForkRunInput, defaultModel: string, availableModels: string[]): ForkPlan {
  if (!mayForkSource(source)) throw new AppError("conflict", externalForkMessage);
  if (!isBuiltinStrategy(source.strategy) && input.agents) {
    // Its producer runs the fork with its own agents: Parley can pass on a model and an instruction, not a team.
    throw new AppError("validation_failed", "An external run's producer decides its agents: fork it without `agents`", {
      issues: [{ path: "agents", message: "not for a fork of an external run" }],
    });
  }
  const at = source.turns.find((t) => t.id === input.at.turn_id);
  if (!at) {
    throw new AppError("validation_failed", "No turn of this run has that id", {
      issues: [{ path: "at.turn_id", message: `a turn of run ${source.id}` }],
    });
  }
  const inherited = source.turns.filter((t) => t.seq < at.seq);
  const unfinished = inherited.find((t) => !STANDING.has(t.status));
  if (unfinished) {
    throw new AppError(
      "conflict",
      `Turn ${unfinished.seq} (${unfinished.agent}) before the fork point is ${unfinished.status}: fork at it or before it`,
    );
  }
  const config = forkConfig(source, input, defaultModel, availableModels);
  const names = new Set(config.agents.map((a) => a.name));
  const missing = [...new Set(inherited.map((t) => t.agent))].filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw new AppError("validation_failed", `The fork keeps the turns of ${missing.join(", ")}: keep them among its agents`, {
      issues: [{ path: "agents", message: `must include ${missing.join(", ")}` }],
    });
  }
  const inheritedIds = new Set(inherited.map((t) => t.id));
  const gates = source.gates.filter((g) => inheritedIds.has(g.turnId) && g.decision !== null);
  return { inherited, gates, at, config, noteTo: names.has(at.agent) ? at.agent : null };
}

/** The source's config; other agents (planned as a new run's would be) or another model from the fork point on. */
function forkConfig(source: ForkSource, input: ForkRunInput, defaultModel: string, availableModels: string[]): RunConfig {
  const base = source.config;
  if (input.agents) {
    const strategy = source.strategy === "external" ? "pipeline" : source.strategy;
    const planned = buildConfig(
      strategy,
      { task: source.task, agents: input.agents, model: input.model, rounds: base.rounds },
      input.model ?? base.agents[0]?.model ?? defaultModel,
      availableModels,
    );
    return { ...base, agents: planned.agents };
  }
  if (input.model) return { ...base, agents: base.agents.map((a) => ({ ...a, model: input.model ?? a.model })) };
  return base;
}
