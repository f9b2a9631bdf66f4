"use client";
import { createParser } from "eventsource-parser";
import { compareCursors } from "@/lib/events/cursor";
// A run's stored events, read once for its replay: its stream from the first event, to the event the
// snapshot named as the newest (`head`). A run stream ends after the run's terminal event; what came after
// it (comments on the finished run) is read by opening the stream again after the last event read.
import type { Envelope } from "@/lib/events/envelope";
import { withShare } from "@/lib/runs/share/schemas";
import { readEnvelope } from "./stream-connection";

export class RunHistoryError extends Error {}

/** Reads one stream response from `after` (null: the first event); stops at `head`. True when it reached head. */
async function readStream(
  url: (after: string | null) => string,
  after: string | null,
  head: string,
  into: Envelope[],
  signal: AbortSignal,
): Promise<boolean> {
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal.addEventListener("abort", abort, { once: true });
  let reached = false;
  let reset = false;
  const parser = createParser({
    onEvent: (message) => {
      if (reached || reset) return;
      const read = readEnvelope(message.data);
      if (!read.ok) throw new RunHistoryError(`An event could not be read (${read.problem}).`);
      const e = read.event;
      if (e.type === "stream.reset") {
        reset = true;
        return stop.abort();
      }
      const last = into.at(-1);
      if (last && compareCursors(e.id, last.id) <= 0) return;
      into.push(e);
      if (compareCursors(e.id, head) >= 0) {
        reached = true;
        stop.abort();
      }
    },
  });
  try {
    const res = await fetch(url(after), { signal: stop.signal, headers: { Accept: "text/event-stream" } });
    if (!res.ok || !res.body) throw new RunHistoryError(`The run's events could not be read (HTTP ${res.status}).`);
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    // Our own stop (head reached, or a reset) aborts the read: that is the end we wanted.
    if (!(stop.signal.aborted && !signal.aborted)) throw error;
  } finally {
    signal.removeEventListener("abort", abort);
  }
  if (reset) throw new RunHistoryError("The server no longer holds all of this run's events, so it cannot be replayed.");
  return reached;
}

/** Every stored event of the run up to `head`, oldest first; a share link's reader reads with its token. */
export async function fetchRunHistory(
  runId: string,
  head: string | null,
  signal: AbortSignal,
  shareToken: string | null = null,
): Promise<Envelope[]> {
  const events: Envelope[] = [];
  if (!head) return events;
  const path = `/api/v1/runs/${encodeURIComponent(runId)}/events`;
  const url = (after: string | null) =>
    withShare(after ? `${path}?last_event_id=${encodeURIComponent(after)}` : path, shareToken);
  // Each round reads at least one event (or ends): a stream that ends without progress stops the reading.
  for (;;) {
    const before = events.length;
    if (await readStream(url, events.at(-1)?.id ?? null, head, events, signal)) return events;
    if (events.length === before) return events;
  }
}
