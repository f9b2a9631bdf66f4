// The engine in memory, for unit tests: a RunEnvironment that records every event, turn, status and
// ending, on the demo model (or any model given). No test framework in here, so any test can use it.
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { BuiltinEventType } from "@/lib/events/schemas";
import { RunContext } from "@/lib/runs/engine/engine";
import type { Control, GateSpec, RunEnvironment, RunOutcome } from "@/lib/runs/engine/environment";
import { buildConfig } from "@/lib/runs/engine/plan";
import type { RunHistory } from "@/lib/runs/engine/replay";
import { RunStop } from "@/lib/runs/engine/run-stop";
import { type StrategyResult, strategies } from "@/lib/runs/engine/strategies";
import type { TurnRecord } from "@/lib/runs/engine/turn-record";
import { createDemoModel } from "@/lib/runs/models/demo-model";
import { priceTable } from "@/lib/runs/models/pricing";
import type { CreateRunInput, Strategy } from "@/lib/runs/schemas";
import type { Note } from "@/lib/runs/steering/notes-in-prompt";

export interface Recorded {
  type: BuiltinEventType;
  data: Record<string, unknown>;
}

export function harness(
  options: {
    model?: (id: string) => LanguageModelV3;
    control?: () => Control;
    notes?: () => Note[];
    partialTextMs?: number;
  } = {},
) {
  const events: Recorded[] = [];
  const gates: GateSpec[] = [];
  const partials: { id: string; text: string }[] = [];
  const turns = new Map<string, TurnRecord>();
  const statuses: string[] = [];
  const outcomes: RunOutcome[] = [];
  const env: RunEnvironment = {
    emit: async (type, data) => void events.push({ type, data }),
    turnStarted: async (t) => void turns.set(t.id, { ...t }),
    turnFinished: async (t) => void turns.set(t.id, { ...t, tools: [...t.tools] }),
    turnProgress: async (t) => void partials.push({ id: t.id, text: t.text }),
    statusChanged: async (s) => void statuses.push(s),
    finished: async (outcome) => void outcomes.push(outcome),
    ended: async () => {},
    readControl: async () => options.control?.() ?? null,
    readNotes: async () => options.notes?.() ?? [],
    openGate: async (gate) => {
      gates.push(gate);
      return { id: `run_test_g${gate.seq}` };
    },
    model: options.model ?? ((id) => createDemoModel(id, { tokenMs: 0 })),
    prices: priceTable(),
    tokenFlushMs: 5,
    partialTextMs: options.partialTextMs ?? 60_000,
    turnTimeoutMs: 5000,
    controlPollMs: 10,
  };
  return { env, events, turns, statuses, outcomes, gates, partials };
}

export type Harness = ReturnType<typeof harness>;

export const TASK = "Build a REST API with JWT auth";

/** A run context for `strategy` as a run would be planned, with the demo model as the default. */
export function runContext(
  strategy: Strategy,
  input: Partial<CreateRunInput>,
  h: Harness,
  history: RunHistory | null = null,
): RunContext {
  const config = buildConfig(strategy, { task: TASK, seed: 7, ...input }, "demo", []);
  return new RunContext({ id: "run_test", task: TASK, strategy, config }, h.env, history);
}

/** Runs one strategy alone (no run lifecycle around it), following controls as an executor would. */
export async function runStrategy(strategy: Strategy, input: Partial<CreateRunInput> = {}, h = harness()) {
  const ctx = runContext(strategy, input, h);
  const stopWatching = ctx.watchControls();
  let result: StrategyResult | null = null;
  let error: RunStop | null = null;
  try {
    result = await strategies[strategy](ctx);
  } catch (thrown) {
    if (!(thrown instanceof RunStop)) throw thrown;
    error = thrown;
  } finally {
    stopWatching();
  }
  return { ...h, ctx, result, error };
}

/** Event types with consecutive agent.token events collapsed, to read the order at a glance. */
export const shape = (events: Recorded[]) =>
  events.map((e) => e.type).filter((t, i, all) => !(t === "agent.token" && all[i - 1] === "agent.token"));
