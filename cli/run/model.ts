// The dashboard's state: the run page's own reducer (components/run/run-state.ts) behind the cursor
// rules of hooks/event-stream-reducer.ts, plus what only a terminal needs (clock, notices). Pure.

import type { Envelope } from "@/lib/events/envelope";
import { initialStreamState, type StreamAction, type StreamState, streamReducer } from "@/lib/events/stream-state";
import { applyRunEvent, fromSnapshot, isTerminal, type RunState } from "@/lib/runs/run-state";
import type { RunSnapshot } from "@/lib/runs/views";

export interface Dashboard {
  /** Connection status, the last applied cursor, and the run as the page would show it. */
  stream: StreamState<RunState>;
  /** Local time the last run.progress arrived: the estimate of what is left counts down from it. */
  progressAt: number | null;
  /** Local time minus server time, smallest seen: elapsed time stays right on a server with another clock. */
  clockOffsetMs: number | null;
  /** A line for the footer: a reset, a stall, a cancel on its way. */
  notice: string | null;
  /** How the run's end became known: its terminal event, or a snapshot (the events were lost). */
  endedBy: "event" | "snapshot" | null;
}

export type DashboardAction =
  | { type: "stream"; action: StreamAction; at: number }
  | { type: "snapshot"; snapshot: RunSnapshot }
  | { type: "notice"; text: string | null };

const reduceStream = streamReducer(applyRunEvent);

export function initialDashboard(snapshot: RunSnapshot): Dashboard {
  return {
    stream: initialStreamState(fromSnapshot(snapshot)),
    progressAt: null,
    clockOffsetMs: null,
    notice: null,
    endedBy: isTerminal(snapshot.status) ? "snapshot" : null,
  };
}

export function dashboardReducer(d: Dashboard, action: DashboardAction): Dashboard {
  switch (action.type) {
    case "notice":
      return { ...d, notice: action.text };
    case "snapshot": {
      // After a reset the snapshot is the truth; events after the reset cursor are applied on top.
      const data = { ...fromSnapshot(action.snapshot), resets: d.stream.data.resets };
      const ended = isTerminal(action.snapshot.status) && d.endedBy === null;
      return { ...d, stream: { ...d.stream, data }, endedBy: ended ? "snapshot" : d.endedBy };
    }
    case "stream": {
      const stream = reduceStream(d.stream, action.action);
      if (action.action.type !== "event" || stream === d.stream) return { ...d, stream };
      const event: Envelope = action.action.event;
      const offset = action.at - Date.parse(event.ts);
      return {
        ...d,
        stream,
        progressAt: event.type === "run.progress" ? action.at : d.progressAt,
        clockOffsetMs: Number.isFinite(offset) ? Math.min(offset, d.clockOffsetMs ?? offset) : d.clockOffsetMs,
        endedBy: d.endedBy ?? (isTerminal(stream.data.run.status) ? "event" : null),
      };
    }
  }
}

/** True once the run has ended, whichever way that became known. */
export const hasEnded = (d: Dashboard) => isTerminal(d.stream.data.run.status);

/** Milliseconds the run has been going (or went), in server time. */
export function elapsedMs(d: Dashboard, now: number): number | null {
  const { run, duration_ms } = d.stream.data;
  if (duration_ms !== null && isTerminal(run.status)) return duration_ms;
  if (!run.started_at) return null;
  const end = run.finished_at ? Date.parse(run.finished_at) : now - (d.clockOffsetMs ?? 0);
  return Math.max(0, end - Date.parse(run.started_at));
}

/** The server's estimate of what is left, counted down since it arrived. */
export function remainingMs(d: Dashboard, now: number): number | null {
  const est = d.stream.data.progress.est_remaining_ms;
  if (est === null || d.progressAt === null || hasEnded(d)) return null;
  return Math.max(0, est - (now - d.progressAt));
}
