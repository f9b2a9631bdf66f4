// What a run looks like to whoever watches it — the run page and the terminal's dashboard — built from
// the snapshot and then from the run's events. Pure and idempotent by turn id: a replayed token for a
// finished turn, or a doubled event, changes nothing. Events of other types, or whose data does not
// match their type's schema, are ignored. What is derived from the state lives in run-selectors.ts.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent, type BuiltinEvent, type EventOf } from "@/lib/events/schemas";
import { applySteeringEvent, type SteeringState } from "../steering/steering-state";
import type { SteeringRights } from "../steering/views";
import { estimateTokens } from "../text";
import type { ForkView, LogEntryView, RunSnapshot, RunView, TurnView } from "../views";

/** A turn as it streams: the stored view without what only storage knows (its sequence, when it ended). */
export type LaneTurn = Omit<TurnView, "seq" | "finished_at">;
export type ToolCall = LaneTurn["tools"][number];

export interface RunState extends SteeringState {
  run: RunView;
  rights: SteeringRights;
  /** In the order they started. */
  turns: LaneTurn[];
  progress: RunSnapshot["progress"] & { est_remaining_ms: number | null };
  usage: RunSnapshot["usage"];
  budget: { warned: boolean; exceeded: boolean; spent_usd: number };
  success: boolean | null;
  duration_ms: number | null;
  /** Time spent paused, so the run's clock stops while it is: since when (server time), and before that. */
  paused: { since: string | null; total_ms: number };
  resets: number;
  /** An external run's shared state (AG-UI STATE_*), null when it has none. */
  shared: unknown;
  /** Outside producers' events that are no run events, kept as they came. */
  log: LogEntryView[];
  /** USD per million tokens of the run's models: turns still streaming are estimated at these. */
  prices: RunSnapshot["prices"];
  /** The runs forked from this one, oldest first. */
  forks: ForkView[];
}

export function fromSnapshot(s: RunSnapshot): RunState {
  return {
    run: s.run,
    turns: s.turns.map(({ seq: _seq, finished_at: _f, ...t }) => ({ ...t, tools: [...t.tools] })),
    progress: { ...s.progress, est_remaining_ms: null },
    usage: { ...s.usage },
    // A run that ended on its budget says so in its error; the warning events are not in a snapshot.
    budget: (() => {
      const exceeded = s.run.error?.error_type === "budget_exceeded";
      return { warned: exceeded, exceeded, spent_usd: s.usage.cost_usd };
    })(),
    success: s.run.status === "completed" ? (s.run.verdict?.passed ?? true) : null,
    duration_ms: s.run.started_at && s.run.finished_at ? Date.parse(s.run.finished_at) - Date.parse(s.run.started_at) : null,
    paused: { since: null, total_ms: 0 },
    resets: 0,
    shared: s.state,
    log: [...s.log],
    notes: [...s.interjections],
    gates: s.gates.map((g) => ({ ...g, votes: [...g.votes] })),
    comments: [...s.comments],
    watchers: s.watchers,
    rights: s.rights,
    prices: s.prices ?? {},
    forks: [...(s.forks ?? [])],
  };
}

export function applyRunEvent(state: RunState, envelope: Envelope): RunState {
  const event = asBuiltinEvent(envelope);
  if (!event) return state;
  switch (event.type) {
    case "agent.turn_started":
      return startTurn(state, event);
    case "agent.token":
      return updateTurn(state, event.data.turn_id, (t) => {
        const text = t.status === "running" ? appended(t.text, event.data.text, event.data.offset) : null;
        return text === null ? null : { ...t, text };
      });
    case "agent.reasoning":
      return updateTurn(state, event.data.turn_id, (t) => {
        const reasoning = appended(t.reasoning, event.data.text, event.data.offset);
        return reasoning === null ? null : { ...t, reasoning };
      });
    case "agent.turn_completed": {
      const d = event.data;
      return updateTurn(state, d.turn_id, (t) => ({
        ...t,
        status: "completed",
        text: d.text,
        input_tokens: d.input_tokens,
        output_tokens: d.output_tokens,
        cost_usd: d.cost_usd,
        latency_ms: d.latency_ms,
      }));
    }
    case "agent.turn_failed": {
      const d = event.data;
      // What it said before it stopped counts: as reported, else estimated like a streaming turn.
      return updateTurn(state, d.turn_id, (t) =>
        t.status === "running"
          ? {
              ...t,
              // As the engine records it: a turn stopped by a cancel or by the budget was cut short, not failed.
              status: d.error_type === "cancelled" || d.error_type === "budget_exceeded" ? "cancelled" : "failed",
              error: d.message,
              input_tokens: d.input_tokens ?? 0,
              output_tokens: d.output_tokens ?? estimateTokens(t.text),
              cost_usd: d.cost_usd ?? 0,
            }
          : null,
      );
    }
    case "agent.turn_superseded":
      return updateTurn(state, event.data.turn_id, (t) => ({ ...t, status: "superseded" }));
    case "tool.invoked":
    case "tool.result":
      return applyToolEvent(state, event);
    default:
      return applyRunLevelEvent(state, event);
  }
}

/**
 * `text` that starts at `offset` added to what a turn has: what it already has (a snapshot stored the
 * turn's text so far, or the event came twice) is not added again. Null when nothing is new. Without an
 * offset (older producers) the text is appended.
 */
function appended(have: string, text: string, offset: number | undefined): string | null {
  if (offset === undefined || offset >= have.length) return text ? have + text : null;
  if (offset + text.length <= have.length) return null;
  return have.slice(0, offset) + text;
}

function updateTurn(state: RunState, turnId: string, update: (t: LaneTurn) => LaneTurn | null): RunState {
  const i = state.turns.findIndex((t) => t.turn_id === turnId);
  const current = state.turns[i];
  if (!current) return state;
  const next = update(current);
  if (!next) return state;
  const turns = state.turns.slice();
  turns[i] = next;
  return { ...state, turns };
}

/** The run is under way once anything happened in it. */
const underWay = (run: RunView): RunView["status"] => (run.status === "queued" ? "running" : run.status);

function startTurn(state: RunState, e: EventOf<"agent.turn_started">): RunState {
  const d = e.data;
  if (state.turns.some((t) => t.turn_id === d.turn_id)) return state;
  const turn: LaneTurn = {
    turn_id: d.turn_id,
    agent: d.agent,
    role: d.role,
    model: d.model,
    round: d.round,
    status: "running",
    prompt_preview: d.prompt_preview,
    text: "",
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: 0,
    latency_ms: null,
    tools: [],
    error: null,
    interjections: d.interjections ?? [],
    reasoning: "",
    inherited: Boolean(d.inherited_from),
    inherited_from: d.inherited_from ?? null,
    started_at: e.ts,
  };
  return { ...state, run: { ...state.run, status: underWay(state.run) }, turns: [...state.turns, turn] };
}

/** A tool call belongs to the turn whose id prefixes its call id; its result replaces the running entry. */
function applyToolEvent(state: RunState, e: EventOf<"tool.invoked"> | EventOf<"tool.result">): RunState {
  const callId = e.data.call_id;
  const owner = state.turns.find((t) => callId.startsWith(`${t.turn_id}_`));
  if (!owner) return state;
  return updateTurn(state, owner.turn_id, (t) => {
    const prior = t.tools.find((x) => x.call_id === callId);
    if (e.type === "tool.invoked" && prior) return null;
    const tool: ToolCall =
      e.type === "tool.result"
        ? {
            call_id: callId,
            tool: e.data.tool,
            input: prior?.input ?? null,
            success: e.data.success,
            output_preview: e.data.output_preview,
            latency_ms: e.data.latency_ms,
          }
        : {
            call_id: callId,
            tool: e.data.tool,
            input: e.data.input ?? null,
            success: false,
            output_preview: "running…",
            latency_ms: 0,
          };
    return { ...t, tools: [...t.tools.filter((x) => x.call_id !== callId), tool] };
  });
}

function applyRunLevelEvent(state: RunState, e: BuiltinEvent): RunState {
  const run = state.run;
  switch (e.type) {
    case "run.strategy_selected":
      return { ...state, run: { ...run, strategy_reason: e.data.reason } };
    case "run.started":
      return { ...state, run: { ...run, status: underWay(run), started_at: run.started_at ?? e.ts } };
    case "run.paused":
      if (state.paused.since) return state;
      return { ...state, run: { ...run, status: "paused" }, paused: { ...state.paused, since: e.ts } };
    case "run.resumed":
      return { ...state, run: { ...run, status: "running" }, paused: resumedAt(state.paused, e.ts) };
    case "verification": {
      const { passed, verdict, score } = e.data;
      return { ...state, run: { ...run, verdict: { passed, verdict, ...(score !== undefined && { score }) } } };
    }
    case "run.progress": {
      const { completed_steps, total_steps, est_remaining_ms, cost_usd } = e.data;
      return {
        ...state,
        progress: { completed_steps, total_steps, est_remaining_ms },
        usage: { ...state.usage, cost_usd: Math.max(state.usage.cost_usd, cost_usd) },
      };
    }
    case "run.budget_warning":
      return { ...state, budget: { ...state.budget, warned: true, spent_usd: e.data.spent_usd } };
    case "run.budget_exceeded":
      return { ...state, budget: { ...state.budget, warned: true, exceeded: true, spent_usd: e.data.spent_usd } };
    case "run.completed": {
      const { summary, usage, success, duration_ms } = e.data;
      const ended: RunView = { ...run, status: "completed", summary, finished_at: e.ts };
      return { ...state, run: ended, usage: { ...usage }, success, duration_ms };
    }
    case "run.failed": {
      const { usage, ...error } = e.data;
      const ended: RunView = { ...run, status: "failed", finished_at: e.ts, error };
      return { ...state, run: ended, usage: usage ? { ...usage } : state.usage, paused: resumedAt(state.paused, e.ts) };
    }
    case "run.cancelled": {
      const { usage } = e.data;
      const ended: RunView = { ...run, status: "cancelled", finished_at: e.ts };
      return { ...state, run: ended, usage: usage ? { ...usage } : state.usage, paused: resumedAt(state.paused, e.ts) };
    }
    case "stream.reset":
      return { ...state, resets: state.resets + 1 };
    case "run.state":
      return { ...state, shared: e.data.state };
    case "run.forked":
      return applyFork(state, e);
    case "run.log":
      if (state.log.some((l) => l.id === e.data.id)) return state;
      return { ...state, log: [...state.log, { ...e.data, created_at: e.ts }] };
    default: {
      const steering = applySteeringEvent(state, e);
      return steering ? { ...state, ...steering } : state;
    }
  }
}

/** On the fork: where it came from. On its source: one more fork, listed once. */
function applyFork(state: RunState, e: EventOf<"run.forked">): RunState {
  const { run_id, forked_from } = e.data;
  if (run_id === state.run.run_id) return { ...state, run: { ...state.run, forked_from } };
  if (forked_from.run_id !== state.run.run_id || state.forks.some((f) => f.run_id === run_id)) return state;
  const fork: ForkView = { run_id, turn_id: forked_from.turn_id, status: "queued", created_at: e.ts };
  return { ...state, forks: [...state.forks, fork] };
}

/** The pause that ended at `ts` (if one was going) added to the time spent paused. */
function resumedAt(paused: RunState["paused"], ts: string): RunState["paused"] {
  if (!paused.since) return paused;
  return { since: null, total_ms: paused.total_ms + Math.max(0, Date.parse(ts) - Date.parse(paused.since)) };
}
