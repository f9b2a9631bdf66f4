"use client";
// EventSource wired to a pure reducer: live status, resume from the last cursor, no duplicates.
import { useEffect, useMemo, useReducer, useRef } from "react";
import { type Backoff, backoffMs } from "@/lib/backoff";
import { envelopeSchema } from "@/lib/events/envelope";
import { type EventReducer, initialStreamState, type StreamState, streamReducer } from "@/lib/events/stream-state";

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

/** The wait before reconnecting after the browser gave up on a stream: 1 s, doubling, at most 30 s. */
export const STREAM_RETRY_BACKOFF: Backoff = { baseMs: 1000, maxMs: 30_000 };

function withCursor(url: string, cursor: string | null): string {
  if (!cursor) return url;
  const u = new URL(url, window.location.href);
  u.searchParams.set("last_event_id", cursor);
  return u.toString();
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
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let disposed = false;
    let failures = 0;
    let currentUrl = url;

    const connect = () => {
      if (disposed) return;
      dispatch({ type: "connect" });
      // Resume after the last event this page applied; the browser's own reconnects send Last-Event-ID.
      source = new EventSource(withCursor(currentUrl, lastEventId.current));
      source.onopen = () => {
        failures = 0;
        dispatch({ type: "open" });
      };
      source.onmessage = (message: MessageEvent<string>) => {
        try {
          const parsed = envelopeSchema.safeParse(JSON.parse(message.data));
          if (parsed.success) dispatch({ type: "event", event: parsed.data, at: Date.now() });
        } catch {
          // not an envelope: ignore
        }
      };
      source.onerror = () => {
        if (disposed || !source) return;
        dispatch({ type: "drop" });
        if (source.readyState !== EventSource.CLOSED) return; // the browser is reconnecting by itself
        source.close();
        failures++;
        retry = setTimeout(
          async () => {
            if (refresh.current) {
              const next = await refresh.current().catch(() => null);
              if (disposed) return;
              if (!next) {
                dispatch({ type: "closed", error: "The stream refused the connection" });
                return;
              }
              currentUrl = next;
            }
            connect();
          },
          backoffMs(failures, STREAM_RETRY_BACKOFF),
        );
      };
    };

    connect();
    return () => {
      disposed = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [url]);

  return state;
}
