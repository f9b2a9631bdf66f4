// The state of one live event stream on the client (the browser's pages and the terminal alike):
// connection status, the cursor, the server's clock, plus whatever the page's own reducer builds from the
// events. Pure, so the rules (order, no duplicates, resets) are unit-tested.
import { compareCursors, isCursor } from "./cursor";
import type { Envelope } from "./envelope";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "closed";

export interface StreamState<S> {
  status: StreamStatus;
  /** The newest cursor applied; a reconnect resumes after it. */
  lastEventId: string | null;
  /** Times the connection dropped after having been live. */
  reconnects: number;
  /**
   * Events that arrived but could not be read (not JSON, not an envelope): the page may be missing what
   * they said — usually a page older than the server it talks to, which a reload fixes.
   */
  unreadable: number;
  error: string | null;
  /**
   * Local time minus server time, the smallest seen (the delivery delay counts least): elapsed times stay
   * right on a machine whose clock differs from the server's. Null until an event arrived with its time.
   */
  clockOffsetMs: number | null;
  data: S;
}

export type StreamAction =
  | { type: "open" }
  | { type: "drop" }
  | { type: "closed"; error: string }
  | { type: "connect" }
  /** An event arrived that could not be read; `problem` says why. */
  | { type: "unreadable"; problem: string }
  /** `at`: the local time the event arrived, when known. */
  | { type: "event"; event: Envelope; at?: number };

export type EventReducer<S> = (state: S, event: Envelope) => S;

export function initialStreamState<S>(data: S): StreamState<S> {
  return { status: "connecting", lastEventId: null, reconnects: 0, unreadable: 0, error: null, clockOffsetMs: null, data };
}

function clockOffset(known: number | null, event: Envelope, at: number | undefined): number | null {
  if (at === undefined) return known;
  const offset = at - Date.parse(event.ts);
  return Number.isFinite(offset) ? Math.min(offset, known ?? offset) : known;
}

export function streamReducer<S>(reduce: EventReducer<S>) {
  const apply = (state: StreamState<S>, event: Envelope, at: number | undefined): StreamState<S> => ({
    ...state,
    lastEventId: event.id,
    clockOffsetMs: clockOffset(state.clockOffsetMs, event, at),
    data: reduce(state.data, event),
  });
  return (state: StreamState<S>, action: StreamAction): StreamState<S> => {
    switch (action.type) {
      case "connect":
        return { ...state, status: state.status === "live" || state.lastEventId ? "reconnecting" : "connecting" };
      case "open":
        return { ...state, status: "live", error: null };
      case "drop":
        return state.status === "live" ? { ...state, status: "reconnecting", reconnects: state.reconnects + 1 } : state;
      case "closed":
        return { ...state, status: "closed", error: action.error };
      case "unreadable":
        return { ...state, unreadable: state.unreadable + 1 };
      case "event": {
        const { event, at } = action;
        // The server names the cursor to continue from; history before it must come from a snapshot.
        if (event.type === "stream.reset") return apply(state, event, at);
        if (!isCursor(event.id)) return state;
        // Ids increase within a channel: anything at or before the last one applied is a replayed duplicate.
        if (state.lastEventId && compareCursors(event.id, state.lastEventId) <= 0) return state;
        return apply(state, event, at);
      }
    }
  };
}
