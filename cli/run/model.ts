// The dashboard's state: the run page's own reducer (lib/runs/state/run-state.ts) behind the cursor rules of
// lib/events/stream-state.ts, plus what only a terminal needs (the estimate's clock, notices). Pure.
import type { Envelope } from "@/lib/events/envelope";
import { initialStreamState, type StreamAction, type StreamState, streamReducer } from "@/lib/events/stream-state";
import { isTerminalStatus } from "@/lib/runs/schemas";
import { elapsedMs as runElapsedMs, hasEnded as runHasEnded } from "@/lib/runs/state/run-selectors";
import { applyRunEvent, fromSnapshot, type RunState } from "@/lib/runs/state/run-state";
import type { RunSnapshot } from "@/lib/runs/views";

export interface Dashboard {
  /** Connection status, the last applied cursor, the server's clock, and the run as the page would show it. */
  stream: StreamState<RunState>;
  /** Local time the last run.progress arrived: the estimate of what is left counts down from it. */
  progressAt: number | null;
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
    notice: null,
    endedBy: isTerminalStatus(snapshot.run.status) ? "snapshot" : null,
  };
}

export function dashboardReducer(d: Dashboard, action: DashboardAction): Dashboard {
  switch (action.type) {
    case "notice":
      return { ...d, notice: action.text };
    case "snapshot": {
      // After a reset the snapshot is the truth; events after the reset cursor are applied on top.
      const data = { ...fromSnapshot(action.snapshot), resets: d.stream.data.resets };
      const ended = isTerminalStatus(action.snapshot.run.status) && d.endedBy === null;
      return { ...d, stream: { ...d.stream, data }, endedBy: ended ? "snapshot" : d.endedBy };
    }
    case "stream": {
      const streamAction: StreamAction = action.action.type === "event" ? { ...action.action, at: action.at } : action.action;
      const stream = reduceStream(d.stream, streamAction);
      if (action.action.type !== "event" || stream === d.stream) return { ...d, stream };
      const event: Envelope = action.action.event;
      return {
        ...d,
        stream,
        progressAt: event.type === "run.progress" ? action.at : d.progressAt,
        endedBy: d.endedBy ?? (runHasEnded(stream.data) ? "event" : null),
      };
    }
  }
}

/** True once the run has ended, whichever way that became known. */
export const hasEnded = (d: Dashboard) => runHasEnded(d.stream.data);

/** Milliseconds the run has been going (or went), in server time. */
export const elapsedMs = (d: Dashboard, now: number): number | null => runElapsedMs(d.stream.data, now, d.stream.clockOffsetMs);

/** The server's estimate of what is left, counted down since it arrived. */
export function remainingMs(d: Dashboard, now: number): number | null {
  const est = d.stream.data.progress.est_remaining_ms;
  if (est === null || d.progressAt === null || hasEnded(d)) return null;
  return Math.max(0, est - (now - d.progressAt));
}
