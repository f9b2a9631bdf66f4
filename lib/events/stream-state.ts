// The state of one live event stream on the client: connection status plus whatever the page's own
// reducer builds from the events. Pure, so the rules (order, no duplicates, resets) are unit-tested.
import { compareCursors, isCursor } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "closed";

export interface StreamState<S> {
  status: StreamStatus;
  /** The newest cursor applied; a reconnect resumes after it. */
  lastEventId: string | null;
  /** Times the connection dropped after having been live. */
  reconnects: number;
  error: string | null;
  data: S;
}

export type StreamAction =
  | { type: "open" }
  | { type: "drop" }
  | { type: "closed"; error: string }
  | { type: "connect" }
  | { type: "event"; event: Envelope };

export type EventReducer<S> = (state: S, event: Envelope) => S;

export function initialStreamState<S>(data: S): StreamState<S> {
  return { status: "connecting", lastEventId: null, reconnects: 0, error: null, data };
}

export function streamReducer<S>(reduce: EventReducer<S>) {
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
      case "event": {
        const { event } = action;
        if (event.type === "stream.reset") {
          // The server names the cursor to continue from; history before it must come from a snapshot.
          return { ...state, lastEventId: event.id, data: reduce(state.data, event) };
        }
        if (!isCursor(event.id)) return state;
        // Ids increase within a channel: anything at or before the last one applied is a replayed duplicate.
        if (state.lastEventId && compareCursors(event.id, state.lastEventId) <= 0) return state;
        return { ...state, lastEventId: event.id, data: reduce(state.data, event) };
      }
    }
  };
}
