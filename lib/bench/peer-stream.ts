// What the bench's peer fixtures (app/api/bench-peer) share, with nothing of Parley in it: the tick the
// bench publishes, stamped with the moment the server accepted it, and the cut a platform makes of a
// stream at its function's maximum duration.
import { z } from "zod";

/** What the bench publishes (scripts/bench/contenders.ts `tick`): as it posts to a Parley channel. */
export const benchTickSchema = z.object({
  type: z.string(),
  data: z.object({ seq: z.number().int().nonnegative(), sent_at: z.number() }),
});
export type BenchTick = z.infer<typeof benchTickSchema>;

/** The tick's data as a peer carries it: the accept time first (the bench's readers read `ts`, then `sent_at`). */
export const acceptedTick = (tick: BenchTick, now: number) => ({ ts: new Date(now).toISOString(), ...tick.data });

/** One SSE frame of `value`, the way the AI SDK writes its UI message stream (`data: <json>` and a blank line). */
export const sseData = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;

/**
 * `source`, ended cleanly after `ms` — what a serverless platform does to a response at the function's
 * maximum duration (Parley ends its own streams just before, at PARLEY_STREAM_MAX_MS). The source is
 * cancelled then, as when the connection closes.
 */
export function cutAfter<T>(source: ReadableStream<T>, ms: number): ReadableStream<T> {
  const reader = source.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ended = false;
  const end = (controller: ReadableStreamDefaultController<T>) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    controller.close();
  };
  return new ReadableStream<T>({
    start(controller) {
      timer = setTimeout(() => {
        end(controller);
        reader.cancel().catch(() => {});
      }, ms);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (ended) return;
      if (done) end(controller);
      else controller.enqueue(value);
    },
    cancel(reason) {
      ended = true;
      clearTimeout(timer);
      return reader.cancel(reason);
    },
  });
}
