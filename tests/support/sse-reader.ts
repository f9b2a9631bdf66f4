// Reads a real SSE byte stream with eventsource-parser and records what a client would see.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { type Envelope, envelopeSchema } from "@/lib/events/envelope";

export interface SseReader {
  events: EventSourceMessage[];
  envelopes: Envelope[];
  comments: string[];
  retry: number | null;
  /** The client's Last-Event-ID: set by every `id:` line, as EventSource does (even without data). */
  lastEventId: string | null;
  ended: Promise<"end" | "error">;
  waitFor(predicate: (r: SseReader) => boolean, timeoutMs?: number): Promise<void>;
  cancel(): Promise<void>;
}

export function readSse(body: ReadableStream<Uint8Array>): SseReader {
  const reader = body.getReader();
  const waiters = new Set<() => void>();
  const state: SseReader = {
    events: [],
    envelopes: [],
    comments: [],
    retry: null,
    lastEventId: null,
    ended: Promise.resolve("end"),
    waitFor(predicate, timeoutMs = 10_000) {
      if (predicate(state)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SSE condition not met within ${timeoutMs} ms (${state.envelopes.length} events seen)`));
        }, timeoutMs);
        const check = () => {
          if (predicate(state)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
      });
    },
    async cancel() {
      await reader.cancel().catch(() => {});
    },
  };
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const parser = createParser({
    onEvent(event) {
      state.events.push(event);
      if (event.id !== undefined) state.lastEventId = event.id;
      // Unnamed frames are Parley's envelopes, except in a dialect's stream (LLMHive's collaboration frames).
      if (!event.event) {
        const envelope = envelopeSchema.safeParse(JSON.parse(event.data));
        if (envelope.success) state.envelopes.push(envelope.data);
      }
      notify();
    },
    onComment(comment) {
      state.comments.push(comment.trim());
      notify();
    },
    onRetry(ms) {
      state.retry = ms;
    },
  });
  const decoder = new TextDecoder();
  // Text after the last complete frame: its `id:` counts only once the frame ends, as in EventSource.
  let partial = "";
  state.ended = (async () => {
    let outcome: "end" | "error" = "end";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        // eventsource-parser dispatches nothing for an id-only frame; EventSource still records the id.
        partial += text;
        const end = partial.lastIndexOf("\n\n");
        if (end >= 0) {
          for (const m of partial.slice(0, end).matchAll(/^id: ?(.*)$/gm)) state.lastEventId = m[1] ?? null;
          partial = partial.slice(end + 2);
        }
        parser.feed(text);
        notify();
      }
    } catch {
      outcome = "error";
    }
    notify();
    return outcome;
  })();
  return state;
}

/**
 * Ends a test's stream: aborts the request and cancels the body reader too, because on Node 20 a body
 * read in flight when its fetch is aborted can stay pending forever (and `ended` with it).
 */
export function closeStream(abort: AbortController, reader: SseReader): void {
  abort.abort();
  void reader.cancel();
}
