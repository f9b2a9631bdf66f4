"use client";
// A stream's connection (./stream-connection.ts) wired to a pure reducer: live status, resume from the
// last cursor, no duplicates.
import { useEffect, useMemo, useReducer, useRef } from "react";
import { type EventReducer, initialStreamState, type StreamState, streamReducer } from "@/lib/events/stream-state";
import { StreamConnection } from "./stream-connection";

export interface UseEventStreamOptions<S> {
  /** The stream URL; null while it is not known yet (e.g. a token is being minted). */
  url: string | null;
  reduce: EventReducer<S>;
  initial: S;
  /**
   * Called when the server refused the stream for good (EventSource closed, e.g. an expired token).
   * Returns a fresh URL to continue with, or null to stay closed.
   */
  refreshUrl?: () => Promise<string | null>;
}

export function useEventStream<S>({ url, reduce, initial, refreshUrl }: UseEventStreamOptions<S>): StreamState<S> {
  const reducer = useMemo(() => streamReducer(reduce), [reduce]);
  const [state, dispatch] = useReducer(reducer, initial, initialStreamState);
  const lastEventId = useRef<string | null>(null);
  lastEventId.current = state.lastEventId;
  const refresh = useRef(refreshUrl);
  refresh.current = refreshUrl;

  useEffect(() => {
    if (!url) return;
    const connection = new StreamConnection(url, {
      dispatch,
      lastEventId: () => lastEventId.current,
      refreshUrl: () => refresh.current,
    });
    connection.connect();
    return () => connection.dispose();
  }, [url]);

  return state;
}
