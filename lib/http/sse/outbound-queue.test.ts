import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HARD_QUEUE_FACTOR, OutboundQueue } from "./outbound-queue";
import { streamMetrics } from "./stream-metrics";
import { StreamTimers } from "./stream-timers";

const limits = { queueBytes: 100, lagGraceMs: 50 };
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

function queue() {
  const timers = new StreamTimers();
  let cutOff = 0;
  const q = new OutboundQueue(limits, timers, () => cutOff++);
  return { q, timers, cutOffs: () => cutOff };
}

describe("OutboundQueue", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("drains everything waiting as one chunk, in order", () => {
    const { q } = queue();
    expect(q.drain()).toBeNull();
    const one = bytes(3, 1);
    q.push(one);
    expect(q.drain()).toBe(one);
    q.push(bytes(2, 7));
    q.push(bytes(1, 8));
    expect([...(q.drain() ?? [])]).toEqual([7, 7, 8]);
    expect(q.drain()).toBeNull();
  });

  it("cuts off a reader above the bound once the grace is over, not one that drained meanwhile", () => {
    const slow = queue();
    slow.q.push(bytes(limits.queueBytes + 1));
    slow.q.checkLag();
    slow.q.checkLag();
    vi.advanceTimersByTime(limits.lagGraceMs - 1);
    expect(slow.cutOffs()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(slow.cutOffs()).toBe(1);

    const start = streamMetrics.timers;
    const caughtUp = queue();
    caughtUp.q.push(bytes(limits.queueBytes + 1));
    caughtUp.q.checkLag();
    expect(streamMetrics.timers).toBe(start + 1);
    caughtUp.q.drain();
    expect(streamMetrics.timers).toBe(start);
    vi.advanceTimersByTime(limits.lagGraceMs * 2);
    expect(caughtUp.cutOffs()).toBe(0);
  });

  it("cuts off at once past the hard ceiling, and never below the bound", () => {
    const calm = queue();
    calm.q.push(bytes(limits.queueBytes));
    calm.q.checkLag();
    vi.advanceTimersByTime(limits.lagGraceMs * 2);
    expect(calm.cutOffs()).toBe(0);

    const burst = queue();
    burst.q.push(bytes(limits.queueBytes * HARD_QUEUE_FACTOR + 1));
    burst.q.checkLag();
    expect(burst.cutOffs()).toBe(1);
  });
});
