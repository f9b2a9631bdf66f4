import { describe, expect, it } from "vitest";
import { BUSY_FACTOR, FlushScheduler, PROBE_EVERY_MS } from "./flush-scheduler";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A scheduler on a clock the test moves. */
function scheduler() {
  const clock = { t: 1000 };
  return { clock, flushes: new FlushScheduler(() => clock.t) };
}

/** One pass written at once that costs `ms` until the loop comes round. */
async function costlyPass(s: ReturnType<typeof scheduler>, ms: number) {
  expect(s.flushes.writeNow()).toBe(true);
  s.clock.t += ms;
  await nextTurn();
}

describe("FlushScheduler", () => {
  it("writes at once while idle, and gives every frame of one synchronous pass the same answer", async () => {
    const s = scheduler();
    expect([s.flushes.writeNow(), s.flushes.writeNow(), s.flushes.writeNow()]).toEqual([true, true, true]);
    await nextTurn();
    s.clock.t += 100;
    expect(s.flushes.writeNow()).toBe(true);
  });

  it("coalesces once a pass costs more than 1/BUSY_FACTOR of the time between passes, and writes at once again when the gap grows", async () => {
    const s = scheduler();
    await costlyPass(s, 30);
    expect(s.flushes.costMs).toBe(30);
    // The next publish comes 10 ms after the pass ended: 40 ms after it began, less than 2 × 30.
    s.clock.t += 10;
    expect(s.flushes.writeNow()).toBe(false);
    // Frames of that pass join a batch flushed on the next turn, in order, each stream once.
    const flushed: string[] = [];
    const a = { flush: () => flushed.push("a") };
    const b = { flush: () => flushed.push("b") };
    s.flushes.schedule(a);
    s.flushes.schedule(b);
    s.flushes.schedule(a);
    // While a batch is pending, nothing jumps it.
    await Promise.resolve();
    expect(s.flushes.writeNow()).toBe(false);
    await nextTurn();
    expect(flushed).toEqual(["a", "b"]);
    // A publish long enough after the last pass is written at once again.
    s.clock.t += BUSY_FACTOR * 30 + 1;
    expect(s.flushes.writeNow()).toBe(true);
  });

  it("raises its estimate of a pass's cost gradually and lowers it at once", async () => {
    const s = scheduler();
    await costlyPass(s, 10);
    s.clock.t += 1000;
    await costlyPass(s, 110);
    expect(s.flushes.costMs).toBe(40);
    s.clock.t += 1000;
    await costlyPass(s, 2);
    expect(s.flushes.costMs).toBe(2);
  });

  it("while coalescing, writes one pass at once every PROBE_EVERY_MS to measure again", async () => {
    const s = scheduler();
    await costlyPass(s, 500);
    let probes = 0;
    const start = s.clock.t;
    while (s.clock.t - start < 3 * PROBE_EVERY_MS) {
      s.clock.t += 20;
      if (s.flushes.writeNow()) {
        probes++;
        // The probe finds the load gone: it cost 1 ms.
        s.clock.t += 1;
      }
      await nextTurn();
    }
    // The first probe measured 1 ms: from then on every pass, 20 ms apart, is written at once.
    expect(probes).toBeGreaterThan(100);
  });

  it("always coalesces under a configured flush interval", async () => {
    const s = scheduler();
    s.flushes.intervalMs = 25;
    expect(s.flushes.writeNow()).toBe(false);
    const flushed: number[] = [];
    s.flushes.schedule({ flush: () => flushed.push(s.clock.t) });
    await nextTurn();
    expect(flushed).toHaveLength(1);
  });
});
