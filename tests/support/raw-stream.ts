// Any SSE stream read as bytes, whatever its framing (Parley's envelopes, LLMHive's or Facilitair's named
// events, AG-UI): for tests that care whether a stream is open, still delivering, or ended — and when.
import { expect } from "vitest";

export interface RawStream {
  /** Bytes received so far. */
  readonly bytes: number;
  /** Resolves once at least `bytes` more bytes than now have arrived (a keepalive is enough). */
  more(timeoutMs?: number): Promise<void>;
  /** Resolves with how the stream ended: the server closed it cleanly, or it failed. */
  ended: Promise<"end" | "error">;
  close(): void;
}

/** Opens `url` (200 expected) and waits for its first bytes: from then on the server holds the stream. */
export async function openRaw(url: string, headers: Record<string, string> = {}): Promise<RawStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream ${url}: ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  let bytes = 0;
  const waiters = new Set<() => void>();
  const ended = (async (): Promise<"end" | "error"> => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return "end";
        bytes += value.length;
        for (const w of [...waiters]) w();
      }
    } catch {
      return "error";
    } finally {
      for (const w of [...waiters]) w();
    }
  })();
  const stream: RawStream = {
    get bytes() {
      return bytes;
    },
    more(timeoutMs = 10_000) {
      const from = bytes;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no more bytes within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (bytes > from) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
      });
    },
    ended,
    close() {
      abort.abort();
      void reader.cancel().catch(() => {});
    },
  };
  if (bytes === 0) await stream.more();
  return stream;
}

/**
 * Expects `stream` to end cleanly within `withinMs` of `since` — and fails after `giveUpMs` without
 * waiting forever for one that never ends.
 */
export async function expectEndsWithin(stream: RawStream, since: number, withinMs: number, giveUpMs = 15_000) {
  const outcome = await Promise.race([
    stream.ended,
    new Promise<"still open">((resolve) => setTimeout(() => resolve("still open"), giveUpMs).unref()),
  ]);
  const took = Date.now() - since;
  if (outcome === "still open") stream.close();
  expect(outcome).toBe("end");
  expect(took).toBeLessThan(withinMs);
}
