import { describe, expect, it } from "vitest";
import { backoffMs } from "./backoff";

describe("backoffMs", () => {
  const policy = { baseMs: 100, maxMs: 5000 };
  it("waits nothing before the first attempt, then doubles from the base", () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffMs(n, policy))).toEqual([0, 100, 200, 400, 800]);
  });
  it("never waits longer than the cap, however many attempts failed", () => {
    expect(backoffMs(7, policy)).toBe(5000);
    expect(backoffMs(10_000, policy)).toBe(5000);
  });
});
