// The JSON shapes of runs and turns, shared by routes, the page, the CLI and exports.
import type { AgentTurn } from "@/lib/db/generated/browser";
import type { Price } from "@/lib/runs/models/pricing";
import { type AgentSpec, type RunStatus, type RunStrategy, toolRecordSchema, type Verdict } from "./schemas";
import type { CommentView, GateView, NoteView, SteeringRights, WatchersView } from "./steering/views";

/** A turn as the API shows it: the stored row in snake_case, its tools parsed. */
export function turnView(row: AgentTurn) {
  return {
    turn_id: row.id,
    seq: row.seq,
    agent: row.agent,
    role: row.role,
    model: row.model,
    round: row.round,
    status: row.status,
    prompt_preview: row.promptPreview,
    text: row.text,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cost_usd: row.costUsd,
    latency_ms: row.latencyMs,
    tools: toolRecordSchema.array().parse(row.tools),
    error: row.error,
    interjections: row.interjections,
    reasoning: row.reasoning,
    /** Carried over from the run this one was forked from: not run again, not billed to this run. */
    inherited: row.inheritedFrom !== null,
    inherited_from: row.inheritedFrom,
    started_at: row.startedAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
  };
}
export type TurnView = ReturnType<typeof turnView>;

export interface RunView {
  run_id: string;
  task: string;
  strategy: RunStrategy;
  strategy_reason: string;
  status: RunStatus;
  agents: AgentSpec[];
  rounds: number;
  budget_usd: number | null;
  max_tokens: number | null;
  session_id: string | null;
  /** True when any agent uses the built-in demo model. */
  demo: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  summary: string | null;
  verdict: Verdict | null;
  error: { error_type: string; message: string } | null;
  /** The run and turn this run was forked from (its turns before that one are inherited); null when it was not. */
  forked_from: ForkedFrom | null;
}

export interface ForkedFrom {
  run_id: string;
  turn_id: string;
}

/** A fork as its source lists it. */
export interface ForkView {
  run_id: string;
  turn_id: string;
  status: RunStatus;
  created_at: string;
}

export interface RunSnapshot {
  run: RunView;
  turns: TurnView[];
  usage: { input_tokens: number; output_tokens: number; cost_usd: number };
  progress: { completed_steps: number; total_steps: number };
  /** The people's notes to the agents, oldest first. */
  interjections: NoteView[];
  /** Approval gates met so far, with their votes. */
  gates: GateView[];
  comments: CommentView[];
  /** Who has the run open now. */
  watchers: WatchersView;
  /** An external run's shared state (AG-UI STATE_*), null when it has none. */
  state: unknown;
  /** What outside producers sent that is no run event (AG-UI RAW, CUSTOM…), oldest first. */
  log: LogEntryView[];
  /** What the caller may do: steer (notes, votes), control, and comment. */
  rights: SteeringRights;
  /**
   * USD per million tokens (in, out) of the models the run uses, from the server's price table: what
   * the page and the terminal estimate a turn still streaming at.
   */
  prices: Record<string, Price>;
  /** The stream cursor read before the snapshot. */
  last_event_id: string | null;
  /** Same as `run.forked_from`. */
  forked_from: ForkedFrom | null;
  /** The runs forked from this one, oldest first. */
  forks: ForkView[];
}

export interface LogEntryView {
  id: string;
  source: string;
  type: string;
  data: unknown;
  created_at: string;
}

export interface CreatedRun {
  run_id: string;
  status: RunStatus;
  strategy: RunStrategy;
  stream_url: string;
  status_url: string;
  /** Lets whoever holds it cancel, pause or resume the run (send as X-Parley-Control-Token). */
  control_token: string;
}

/** A run stopped at an approval gate until people decide: which step, since when, until when. */
export interface WaitingView {
  gate_id: string;
  step: number;
  agent: string;
  quorum: number;
  opened_at: string;
  /** Null: it waits as long as it takes. */
  timeout_at: string | null;
  default_action: string;
}

/** A run in a list, with the gate it waits at (null when it waits for nobody). */
export type RunListItem = RunView & { waiting: WaitingView | null };

export interface RunList {
  runs: RunListItem[];
  next_cursor: string | null;
}
