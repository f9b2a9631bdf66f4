// Playing a run back from its stored events: the state before its first event, the state after any
// number of them — through the live reducer (run-state.ts), so a replayed moment is drawn exactly as it
// was drawn live — the timeline's markers, and a playback clock on which long waits are shortened.
// Pure: the run page's scrubber and `parley replay` share it.
import { compareCursors, isCursor } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import { totalSteps } from "../steps";
import type { RunSnapshot, RunView } from "../views";
import { applyRunEvent, fromSnapshot, type RunState } from "./run-state";

/** Playback speeds offered: 1× is the run's own pace. */
export const REPLAY_SPEEDS = [1, 4, 16] as const;

/**
 * The longest pause kept between two events when playing back, in the run's own time: a gate that waited
 * an hour for people, or a comment made the next day, passes in this long at 1×.
 */
export const MAX_REPLAY_GAP_MS = 1500;

/**
 * The run as it stood before its first event: who and what it is, none of what happened. The agents are
 * those its `run.created` declared when it has one: an external run's producer may name more as it goes
 * (the snapshot lists them all), and a lane for them appears at their first turn, as it did live.
 */
export function replayBase(s: RunSnapshot, events: readonly Envelope[] = []): RunState {
  const at = fromSnapshot(s);
  const created = events[0] ? asBuiltinEvent(events[0]) : null;
  const agents = created?.type === "run.created" && created.data.agents ? created.data.agents : s.run.agents;
  const run: RunView = { ...s.run, agents };
  return {
    ...at,
    run: { ...run, status: "queued", started_at: null, finished_at: null, summary: null, verdict: null, error: null },
    turns: [],
    progress: { completed_steps: 0, total_steps: totalSteps({ ...run, startedTurns: 0 }), est_remaining_ms: null },
    usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    budget: { warned: false, exceeded: false, spent_usd: 0 },
    success: null,
    duration_ms: null,
    paused: { since: null, total_ms: 0 },
    resets: 0,
    shared: null,
    log: [],
    notes: [],
    gates: [],
    comments: [],
    // Its forks came later; a fork's own origin (run.forked_from) stays, as its first events say it anyway.
    forks: [],
  };
}

/** What a marker on the timeline stands for. */
export type ReplayMarkerKind = "turn" | "gate" | "note" | "comment";

export interface ReplayMarker {
  kind: ReplayMarkerKind;
  /** The position that shows it: the number of events applied, its own included. */
  position: number;
  cursor: string;
  label: string;
}

const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The turns, gates, notes and comments of a run's events, in order, each with the position that shows it. */
export function replayMarkers(events: readonly Envelope[]): ReplayMarker[] {
  const markers: ReplayMarker[] = [];
  events.forEach((envelope, i) => {
    const e = asBuiltinEvent(envelope);
    const at = { position: i + 1, cursor: envelope.id };
    if (e?.type === "agent.turn_started") {
      const round = e.data.round > 1 ? ` (round ${e.data.round})` : "";
      markers.push({ kind: "turn", ...at, label: `${e.data.agent}'s turn${round}` });
    } else if (e?.type === "run.awaiting_approval") {
      markers.push({ kind: "gate", ...at, label: `Gate before ${e.data.agent}'s step ${e.data.step}` });
    } else if (e?.type === "run.interjection") {
      markers.push({ kind: "note", ...at, label: `Note by ${e.data.display_name}: ${clip(e.data.content)}` });
    } else if (e?.type === "run.comment") {
      markers.push({ kind: "comment", ...at, label: `Comment by ${e.data.display_name}: ${clip(e.data.content)}` });
    }
  });
  return markers;
}

/**
 * Where each event falls on the playback clock, in ms from the first event: the run's own time, with every
 * gap longer than `maxGapMs` shortened to it. `offsets[i]` is when event i is applied.
 */
export function playbackOffsets(events: readonly Envelope[], maxGapMs = MAX_REPLAY_GAP_MS): number[] {
  const offsets: number[] = [];
  let at = 0;
  let last: number | null = null;
  for (const e of events) {
    const ts = Date.parse(e.ts);
    if (last !== null && Number.isFinite(ts)) at += Math.min(maxGapMs, Math.max(0, ts - last));
    if (Number.isFinite(ts)) last = ts;
    offsets.push(at);
  }
  return offsets;
}

/** The position (events applied) at playback time `ms`: every event whose offset is at or before it. */
export function positionAtTime(offsets: readonly number[], ms: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid] ?? 0) <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The position a link's `t` cursor names: every event at or before it applied. Null when `t` is no cursor. */
export function positionOfCursor(events: readonly Envelope[], cursor: string): number | null {
  if (!isCursor(cursor)) return null;
  let n = 0;
  for (const e of events) {
    if (!isCursor(e.id) || compareCursors(e.id, cursor) > 0) break;
    n++;
  }
  return n;
}

/** How many events are kept between two remembered states: a jump reduces at most this many. */
const CHECKPOINT_EVERY = 256;

/**
 * A run's stored events and the state after any number of them. Reducing from the start each time is
 * correct but slow for a long run; states every CHECKPOINT_EVERY events are kept, so scrubbing stays cheap.
 */
export class ReplayTape {
  private readonly checkpoints: RunState[];

  constructor(
    readonly base: RunState,
    readonly events: readonly Envelope[],
  ) {
    this.checkpoints = [base];
  }

  get length(): number {
    return this.events.length;
  }

  /** The state once the first `position` events were applied (clamped to 0…length). */
  stateAt(position: number): RunState {
    const n = Math.max(0, Math.min(this.events.length, Math.floor(position)));
    const k = Math.floor(n / CHECKPOINT_EVERY);
    while (this.checkpoints.length <= k) {
      const from = (this.checkpoints.length - 1) * CHECKPOINT_EVERY;
      this.checkpoints.push(this.reduce(this.checkpoints.at(-1) as RunState, from, from + CHECKPOINT_EVERY));
    }
    return this.reduce(this.checkpoints[k] as RunState, k * CHECKPOINT_EVERY, n);
  }

  /** The cursor of the last event applied at `position`, null before the first. */
  cursorAt(position: number): string | null {
    return position > 0 ? (this.events[Math.min(position, this.events.length) - 1]?.id ?? null) : null;
  }

  private reduce(state: RunState, from: number, to: number): RunState {
    let s = state;
    for (let i = from; i < to; i++) s = applyRunEvent(s, this.events[i] as Envelope);
    return s;
  }
}
