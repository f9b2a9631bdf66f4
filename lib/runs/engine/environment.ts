// What the engine needs from the world, as one small interface: events to the hub, records to the
// database, controls from anywhere. The persistence adapter implements it on the database and the hub;
// the unit tests implement it in memory.
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { RunControl } from "@/lib/db/generated/browser";
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import type { Price } from "../models/pricing";
import type { RunConfig, Strategy, Verdict } from "../schemas";
import type { Note } from "../steering/notes-in-prompt";
import type { GateDecision } from "../steering/schemas";
import type { TurnRecord } from "./turn-record";

/** The control last asked for: cancel, pause, or nothing (run / resume). */
export type Control = RunControl | null;

export interface RunTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface RunSpec {
  id: string;
  task: string;
  strategy: Strategy;
  config: RunConfig;
}

/** How a run ended. */
export type RunOutcome =
  | { status: "completed"; success: boolean; summary: string; verdict: Verdict | null }
  | { status: "cancelled"; message: string }
  | { status: "failed"; errorType: string; message: string; verdict: Verdict | null };

export interface GateSpec {
  seq: number;
  step: number;
  turn: TurnRecord;
  quorum: number;
  timeoutAt: Date | null;
  defaultAction: Exclude<GateDecision, "redirect">;
}

export interface RunEnvironment {
  emit<T extends BuiltinEventType>(type: T, data: EventData<T>): Promise<void>;
  turnStarted(turn: TurnRecord): Promise<void>;
  turnFinished(turn: TurnRecord): Promise<void>;
  /** Stores a running turn's text so far (every `partialTextMs`); a turn that ended meanwhile is left alone. */
  turnProgress(turn: TurnRecord): Promise<void>;
  statusChanged(status: "paused" | "running", totals: RunTotals): Promise<void>;
  /** Records the run's end — before its terminal event goes out, so a snapshot read after it agrees. */
  finished(outcome: RunOutcome, totals: RunTotals): Promise<void>;
  /** After the terminal event: tells whoever else should know (the run's session). */
  ended(outcome: RunOutcome): Promise<void>;
  /** Every note people sent to the run so far, oldest first. */
  readNotes(): Promise<Note[]>;
  /** Records a new approval gate after `turn`; returns its id. */
  openGate(gate: GateSpec): Promise<{ id: string }>;
  /** The control last asked for (polled; may come from another instance). */
  readControl(): Promise<Control>;
  model(modelId: string): LanguageModelV3;
  prices: Record<string, Price>;
  tokenFlushMs: number;
  partialTextMs: number;
  turnTimeoutMs: number;
  controlPollMs: number;
}
