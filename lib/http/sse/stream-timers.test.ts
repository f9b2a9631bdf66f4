import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { streamMetrics } from "./stream-metrics";
import { StreamTimers } from "./stream-timers";

describe("StreamTimers", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts each timer while it is held: until it fires, is cancelled, or everything is cleared", () => {
    const start = streamMetrics.timers;
    const timers = new StreamTimers();
    const fired: string[] = [];
    timers.after(100, () => fired.push("once"));
    const cancelled = timers.after(100, () => fired.push("cancelled"));
    timers.every(30, () => fired.push("tick"));
    expect(streamMetrics.timers).toBe(start + 3);

    timers.cancel(cancelled);
    timers.cancel(cancelled);
    expect(streamMetrics.timers).toBe(start + 2);

    vi.advanceTimersByTime(100);
    expect(fired).toEqual(["tick", "tick", "tick", "once"]);
    expect(streamMetrics.timers).toBe(start + 1);

    timers.clear();
    vi.advanceTimersByTime(100);
    expect(fired).toHaveLength(4);
    expect(streamMetrics.timers).toBe(start);
    timers.clear();
    expect(streamMetrics.timers).toBe(start);
  });
});
