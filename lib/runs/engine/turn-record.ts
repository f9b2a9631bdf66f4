// One agent turn as the engine keeps it: the stored row (Prisma's AgentTurn) without what the database
// adds, its tools parsed. The engine fills it in; the persistence adapter writes it as it is.
import type { AgentTurn } from "@/lib/db/generated/browser";
import type { EventData } from "@/lib/events/schemas";
import type { DemoBrief } from "../models/demo-brief";
import { costUsd, type Price, round6 } from "../models/pricing";
import type { ToolRecord } from "../schemas";
import type { Note } from "../steering/notes-in-prompt";
import { estimateTokens, shorten } from "../text";
import type { RunStop } from "./run-stop";

export type TurnRecord = Omit<AgentTurn, "runId" | "startedAt" | "finishedAt" | "tools"> & { tools: ToolRecord[] };

/** What a strategy asks of one model call. */
export interface TurnSpec {
  agent: string;
  role: string;
  model: string;
  round: number;
  system: string;
  prompt: string;
  brief: Omit<DemoBrief, "task" | "seed" | "agent" | "role" | "round">;
  /** Aborts this turn only (a race's losers). */
  signal?: AbortSignal;
  /** The people's notes in its prompt (set by the engine). */
  notes?: Note[];
  /** A gate sent the agent's previous answer back with this. */
  instruction?: string;
}

export const preview = (text: string) => shorten(text, 200);

export function newTurn(runId: string, seq: number, spec: TurnSpec): TurnRecord {
  return blankTurn(`${runId}_t${seq}`, seq, spec);
}

/** A turn that has just started, with nothing said yet: the engine's, or an outside producer's. */
export function blankTurn(
  id: string,
  seq: number,
  spec: Pick<TurnSpec, "agent" | "role" | "model" | "round" | "prompt">,
): TurnRecord {
  return {
    id,
    seq,
    agent: spec.agent,
    role: spec.role,
    model: spec.model,
    round: spec.round,
    status: "running",
    promptPreview: preview(spec.prompt),
    text: "",
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    latencyMs: null,
    tools: [],
    error: null,
    interjections: [],
    reasoning: "",
    inheritedFrom: null,
  };
}

/** A finished model call: the provider's usage report (estimated where it gives none) and its cost. */
export function completeTurn(
  turn: TurnRecord,
  call: { usage: { inputTokens?: number; outputTokens?: number }; promptText: string; latencyMs: number },
  prices: Record<string, Price>,
): void {
  turn.inputTokens = call.usage.inputTokens ?? estimateTokens(call.promptText);
  turn.outputTokens = call.usage.outputTokens ?? estimateTokens(turn.text);
  turn.costUsd = costUsd(prices, turn.model, turn.inputTokens, turn.outputTokens);
  turn.latencyMs = call.latencyMs;
  turn.status = "completed";
}

/**
 * A turn that stopped early. What the model said before it stopped is kept, and counted: a call that
 * produced text consumed its prompt and that text (estimated, as providers report nothing for an aborted
 * stream); a call that produced nothing is counted as nothing.
 */
export function stopTurn(
  turn: TurnRecord,
  stop: RunStop,
  call: { promptText: string; latencyMs: number },
  prices: Record<string, Price>,
): void {
  turn.status = stop.kind === "failed" ? "failed" : "cancelled";
  turn.error = stop.message;
  turn.latencyMs = call.latencyMs;
  turn.outputTokens = estimateTokens(turn.text);
  turn.inputTokens = turn.text ? estimateTokens(call.promptText) : 0;
  turn.costUsd = turn.text ? costUsd(prices, turn.model, turn.inputTokens, turn.outputTokens) : 0;
}

export const turnStartedData = (turn: TurnRecord): EventData<"agent.turn_started"> => ({
  turn_id: turn.id,
  agent: turn.agent,
  role: turn.role,
  model: turn.model,
  round: turn.round,
  prompt_preview: turn.promptPreview,
  interjections: turn.interjections,
  ...(turn.inheritedFrom && { inherited_from: turn.inheritedFrom }),
});

export const turnCompletedData = (turn: TurnRecord, latencyMs: number): EventData<"agent.turn_completed"> => ({
  turn_id: turn.id,
  agent: turn.agent,
  model: turn.model,
  text: turn.text,
  input_tokens: turn.inputTokens,
  output_tokens: turn.outputTokens,
  cost_usd: round6(turn.costUsd),
  latency_ms: latencyMs,
});

export const turnFailedData = (turn: TurnRecord, stop: RunStop): EventData<"agent.turn_failed"> => ({
  turn_id: turn.id,
  agent: turn.agent,
  error_type: stop.errorType,
  message: stop.message,
  input_tokens: turn.inputTokens,
  output_tokens: turn.outputTokens,
  cost_usd: round6(turn.costUsd),
});
