// What the run page and the terminal's dashboard derive from a run's state: one rule each, so the two
// views cannot disagree about how long a run took or whether it is over. Pure.
import { priceIn, streamingCostUsd } from "../models/price";
import { isTerminalStatus } from "../schemas";
import { openGate } from "../steering/steering-state";
import type { GateView } from "../steering/views";
import { estimateTokens } from "../text";
import type { LaneTurn, RunState } from "./run-state";

/** A run cancelled because people rejected a proposal at one of its gates. */
export const rejectedAtGate = (s: RunState): boolean =>
  s.run.status === "cancelled" && s.gates.some((g) => g.decision === "reject");

/** True once the run has ended: completed, failed or cancelled. */
export const hasEnded = (s: RunState): boolean => isTerminalStatus(s.run.status);

/**
 * Milliseconds the run has been going (or went), in server time: its own duration once it reported one,
 * else from its start to its end or to now. `clockOffsetMs` is local time minus server time (see
 * StreamState.clockOffsetMs), so a machine whose clock differs from the server's still counts right.
 * Null before the run started.
 */
export function elapsedMs(s: RunState, now: number, clockOffsetMs: number | null): number | null {
  const { run, duration_ms, paused } = s;
  if (duration_ms !== null && hasEnded(s)) return duration_ms;
  if (!run.started_at) return null;
  // The clock stands still while the run is paused.
  const end = run.finished_at
    ? Date.parse(run.finished_at)
    : paused.since
      ? Date.parse(paused.since)
      : now - (clockOffsetMs ?? 0);
  return Math.max(0, end - Date.parse(run.started_at) - paused.total_ms);
}

/** Steps done, as a whole percentage of the steps planned (0 when none are planned). */
export function progressPercent(s: RunState): number {
  const { completed_steps, total_steps } = s.progress;
  return total_steps ? Math.round((completed_steps / total_steps) * 100) : 0;
}

/** How much of the run's budget is spent, from 0 to 1 (0 when it has no budget; 1 once it was reached). */
export function budgetFraction(s: RunState): number {
  if (!s.run.budget_usd) return 0;
  if (s.budget.exceeded) return 1;
  return Math.min(1, Math.max(costSoFar(s), s.budget.spent_usd) / s.run.budget_usd);
}

/** True when the run ended because it reached its budget (or its token limit). */
export const stoppedByBudget = (s: RunState): boolean =>
  s.run.status === "failed" && s.run.error?.error_type === "budget_exceeded";

/** Tokens in and out and what they cost; `estimated` while part of it is a turn still streaming. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  estimated: boolean;
}

/**
 * A turn's tokens and cost: as the provider reported them once it ended; while it streams, its text so
 * far as output tokens at its model's price (lib/runs/pricing.ts) — an estimate, its input still unknown.
 */
export function turnUsage(s: Pick<RunState, "prices">, t: LaneTurn): Usage {
  if (t.status !== "running") {
    return { input_tokens: t.input_tokens, output_tokens: t.output_tokens, cost_usd: t.cost_usd, estimated: false };
  }
  const output = estimateTokens(t.text);
  return {
    input_tokens: 0,
    output_tokens: output,
    cost_usd: streamingCostUsd(priceIn(s.prices, t.model), output),
    estimated: true,
  };
}

/**
 * The run's tokens and cost so far: the sum of what its lanes show (turns still streaming estimated),
 * or what the run itself reported when that is more (it also counts calls that failed).
 */
export function runUsage(s: RunState): Usage {
  let input = 0;
  let output = 0;
  let cost = 0;
  let streaming = { output: 0, cost: 0 };
  for (const t of s.turns) {
    const u = turnUsage(s, t);
    if (u.estimated) streaming = { output: streaming.output + u.output_tokens, cost: streaming.cost + u.cost_usd };
    else {
      input += u.input_tokens;
      output += u.output_tokens;
      cost += u.cost_usd;
    }
  }
  return {
    input_tokens: Math.max(s.usage.input_tokens, input),
    output_tokens: Math.max(s.usage.output_tokens, output) + streaming.output,
    cost_usd: Math.max(s.usage.cost_usd, cost) + streaming.cost,
    estimated: streaming.output > 0,
  };
}

/** What the run has cost so far, the turns still streaming estimated. */
export const costSoFar = (s: RunState): number => runUsage(s).cost_usd;

export interface RunLane {
  agent: string;
  role: string;
  model: string;
  turns: LaneTurn[];
}

/** One lane per agent, in the order the run lists them, each with its turns. */
export function lanes(s: RunState): RunLane[] {
  // An external run's producer may name agents the run did not declare: each gets a lane at its first turn.
  const agents = [...s.run.agents];
  for (const t of s.turns) {
    if (!agents.some((a) => a.name === t.agent)) agents.push({ name: t.agent, role: t.role, model: t.model });
  }
  return agents.map((a) => ({
    agent: a.name,
    role: a.role,
    model: a.model,
    turns: s.turns.filter((t) => t.agent === a.name),
  }));
}

/**
 * Who watches the run now, in words: "Olga, you and 2 others", or "3 people" when nobody is named (a
 * run outside a session names no one). Null while the run is over, or before anyone is counted.
 */
export function watchingNow(s: RunState, me: string | null): string | null {
  const { participants, others } = s.watchers;
  if (hasEnded(s) || participants.length + others === 0) return null;
  if (participants.length === 0) return `${others} ${others === 1 ? "person" : "people"}`;
  const names = participants.map((p) => (p.user_id === me ? "you" : p.display_name));
  if (others > 0) names.push(`${others} other${others === 1 ? "" : "s"}`);
  const last = names.pop();
  return names.length > 0 ? `${names.join(", ")} and ${last}` : `${last}`;
}

/** The gate the run waits at for people, while it does (a run that ended waits for nobody). */
export function waitingAt(s: RunState): GateView | null {
  if (hasEnded(s)) return null;
  return openGate(s) ?? null;
}

/** The run's status as people should read it: a run stopped at a gate is waiting, not running. */
export function shownStatus(s: RunState): RunState["run"]["status"] | "waiting" {
  return waitingAt(s) && s.run.status !== "paused" ? "waiting" : s.run.status;
}
