// The shapes the lifecycle checker works on: an external run as it is stored, and what a batch makes of it.
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import type { RunOutcome, RunTotals } from "@/lib/runs/engine/environment";
import type { TurnRecord } from "@/lib/runs/engine/turn-record";
import type { AgentSpec, RunStatus, Verdict } from "@/lib/runs/schemas";

export type ExternalTurn = TurnRecord & { startedAtMs: number };

/** An external run as the checker needs it: rebuilt from its stored row and turns before each batch. */
export interface ExternalRunState {
  runId: string;
  status: RunStatus;
  startedAtMs: number;
  agents: AgentSpec[];
  /** Set when the batch named an agent the run did not know (its config is written). */
  agentsChanged?: boolean;
  turns: ExternalTurn[];
  totals: RunTotals;
  verdict: Verdict | null;
  /** How many approval gates the run has opened so far. */
  gates: number;
  /** The run's shared state (AG-UI STATE_*), null until a producer sets one. */
  shared: unknown;
  sharedChanged?: boolean;
}

export type PublishedEvent = { [T in BuiltinEventType]: { type: T; data: EventData<T> } }[BuiltinEventType];

/** A producer's event kept for the run's event log (lib/db: run_log_entries). */
export interface LogEntry {
  id: string;
  source: string;
  type: string;
  data: unknown;
}

/** An approval gate the producer asked for (lib/db: run_gates), decided by people like any gate. */
export interface NewGate {
  id: string;
  seq: number;
  step: number;
  turnId: string;
  agent: string;
  proposalPreview: string;
  quorum: number;
  timeoutAt: Date | null;
  defaultAction: "approve" | "reject";
}

export interface IngestPlan {
  state: ExternalRunState;
  events: PublishedEvent[];
  /** Turns started or changed by the batch (their rows are written, running text included). */
  changedTurns: ExternalTurn[];
  log: LogEntry[];
  gates: NewGate[];
  /** Set when the batch ended the run. */
  outcome: RunOutcome | null;
}
