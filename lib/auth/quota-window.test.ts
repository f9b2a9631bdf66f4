import { describe, expect, it } from "vitest";
import { roll, usedAt, waitMs } from "./quota-window";

const W = 60_000;
const T = 1_800_000_000_000 - (1_800_000_000_000 % W); // a window boundary

describe("the sliding window of one quota bucket", () => {
  it("rolls the current window into the previous one, and forgets windows longer ago", () => {
    expect(roll(undefined, T + 5, W)).toEqual({ start: T, current: 0, previous: 0 });
    const state = { start: T, current: 40, previous: 7 };
    expect(roll(state, T + 59_999, W)).toBe(state);
    expect(roll(state, T + W + 1, W)).toEqual({ start: T + W, current: 0, previous: 40 });
    expect(roll(state, T + 2 * W, W)).toEqual({ start: T + 2 * W, current: 0, previous: 0 });
  });

  it("weighs the previous window by how much of it still overlaps the last minute", () => {
    const state = { start: T, current: 10, previous: 100 };
    expect(usedAt(state, T, W)).toBe(110);
    expect(usedAt(state, T + W / 4, W)).toBe(85);
    expect(usedAt(state, T + W - 1, W)).toBeCloseTo(10, 1);
  });

  it("says how long until a cost fits: now, later in this window, or in the next", () => {
    // Fits now.
    expect(waitMs({ start: T, current: 10, previous: 0 }, T + 1000, W, 100, 90)).toBe(0);
    // 100 from the previous window must slide out to 50 before 50 more fit: halfway through this one.
    expect(waitMs({ start: T, current: 0, previous: 100 }, T, W, 100, 50)).toBe(W / 2);
    // This window alone is too full: in the next one, once 60 of its 100 have slid out of the last minute.
    expect(waitMs({ start: T, current: 100, previous: 0 }, T + 10_000, W, 100, 60)).toBe(W - 10_000 + 0.6 * W);
    // Bigger than the limit itself: never.
    expect(waitMs({ start: T, current: 0, previous: 0 }, T, W, 100, 101)).toBe(Number.POSITIVE_INFINITY);
  });

  it("admits exactly at the moment it said to come back", () => {
    const state = { start: T, current: 30, previous: 90 };
    const wait = waitMs(state, T + 6_000, W, 100, 20);
    expect(wait).toBeGreaterThan(0);
    expect(usedAt(state, T + 6_000 + wait, W) + 20).toBeLessThanOrEqual(100 + 1e-9);
    expect(usedAt(state, T + 6_000 + wait - 100, W) + 20).toBeGreaterThan(100);
  });
});
