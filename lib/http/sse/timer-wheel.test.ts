import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TimerWheel } from "./timer-wheel";

describe("TimerWheel", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("holds one Node timer per delay however many entries share it", () => {
    const wheel = new TimerWheel();
    const fired: number[] = [];
    for (let i = 0; i < 1000; i++) {
      wheel.every(15_000, () => fired.push(i));
      wheel.after(300_000, () => fired.push(-i));
    }
    expect(vi.getTimerCount()).toBe(2);
    expect(wheel.size).toBe(2000);
    vi.advanceTimersByTime(15_000);
    expect(fired).toHaveLength(1000);
    expect(vi.getTimerCount()).toBe(2);
  });

  it("fires each entry at its own time, in order, intervals again and again, cancelled ones never", () => {
    const wheel = new TimerWheel();
    const fired: string[] = [];
    wheel.after(100, () => fired.push("a@100"));
    vi.advanceTimersByTime(40);
    const b = wheel.after(100, () => fired.push("b@140"));
    wheel.after(100, () => fired.push("c@140"));
    const tick = wheel.every(30, () => fired.push(`tick@${Date.now() - start}`));
    const start = Date.now() - 40;
    vi.advanceTimersByTime(60);
    expect(fired).toEqual(["tick@70", "a@100", "tick@100"]);
    wheel.cancel(b);
    wheel.cancel(b);
    vi.advanceTimersByTime(41);
    expect(fired).toEqual(["tick@70", "a@100", "tick@100", "tick@130", "c@140"]);
    wheel.cancel(tick);
    vi.advanceTimersByTime(1000);
    expect(fired).toHaveLength(5);
    expect(wheel.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an entry added or cancelled from inside a firing keeps the lane's timing", () => {
    const wheel = new TimerWheel();
    const fired: string[] = [];
    let late: ReturnType<TimerWheel["after"]> | null = null;
    wheel.after(50, () => {
      fired.push("first");
      wheel.after(50, () => fired.push("added@100"));
      if (late) wheel.cancel(late);
    });
    vi.advanceTimersByTime(10);
    late = wheel.after(50, () => fired.push("cancelled"));
    wheel.after(50, () => fired.push("kept@60"));
    vi.advanceTimersByTime(40);
    expect(fired).toEqual(["first"]);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["first", "kept@60"]);
    vi.advanceTimersByTime(40);
    expect(fired).toEqual(["first", "kept@60", "added@100"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("one failing entry does not stop the others", () => {
    const wheel = new TimerWheel();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const fired: string[] = [];
    wheel.after(10, () => {
      throw new Error("boom");
    });
    wheel.after(10, () => fired.push("second"));
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["second"]);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});
