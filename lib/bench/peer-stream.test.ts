import { describe, expect, it } from "vitest";
import { acceptedTick, benchTickSchema, cutAfter, sseData } from "./peer-stream";

const read = async <T>(stream: ReadableStream<T>) => {
  const out: T[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  return out;
};

describe("the peer fixtures' tick", () => {
  it("carries the accept time before the publisher's, as the bench's readers parse them", () => {
    const tick = benchTickSchema.parse({ type: "bench.tick", data: { seq: 3, sent_at: 1000 } });
    const frame = sseData(acceptedTick(tick, Date.UTC(2026, 11, 6)));
    expect(frame).toBe('data: {"ts":"2026-12-06T00:00:00.000Z","seq":3,"sent_at":1000}\n\n');
    expect(/"ts":"([^"]+)"[^\n]*"sent_at":(\d+)/.exec(frame)?.slice(1)).toEqual(["2026-12-06T00:00:00.000Z", "1000"]);
  });

  it("is refused without a sequence number", () => {
    expect(benchTickSchema.safeParse({ type: "bench.tick", data: { sent_at: 1 } }).success).toBe(false);
  });
});

describe("cutAfter", () => {
  it("passes a source that ends in time through whole", async () => {
    const source = new ReadableStream<string>({
      start(c) {
        c.enqueue("a");
        c.enqueue("b");
        c.close();
      },
    });
    expect(await read(cutAfter(source, 1000))).toEqual(["a", "b"]);
  });

  it("ends a stream that outlives the cut, cleanly, and cancels its source", async () => {
    let cancelled = false;
    const source = new ReadableStream<string>({
      start(c) {
        c.enqueue("before");
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await read(cutAfter(source, 30))).toEqual(["before"]);
    expect(cancelled).toBe(true);
  });

  it("passes a reader's cancel on to the source", async () => {
    let cancelled = false;
    const source = new ReadableStream<string>({
      cancel() {
        cancelled = true;
      },
    });
    const cut = cutAfter(source, 10_000);
    await cut.cancel();
    expect(cancelled).toBe(true);
  });
});
