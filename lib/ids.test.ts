import { describe, expect, it } from "vitest";
import { randomId, SORTABLE_RANDOM_BITS, sortableId, sortableIdPattern } from "./ids";

describe("ids", () => {
  it("sortable ids carry at least 96 random bits, uniformly drawn, and still sort by time", () => {
    expect(SORTABLE_RANDOM_BITS).toBeGreaterThanOrEqual(96);
    const ids = Array.from({ length: 2000 }, (_, i) => sortableId("run", 1_700_000_000_000 + Math.floor(i / 3)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(sortableIdPattern("run"));
    expect(ids[0]).toHaveLength(4 + 33);
    // Two ids in the same millisecond share time and counter position but nothing random.
    const tails = ids.map((id) => id.slice(-20));
    const counts = new Map<string, number>();
    for (const tail of tails) for (const c of tail) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(36);
    const expected = (tails.length * 20) / 36;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });

  it("accepts the shorter ids made before, and nothing else", () => {
    const pattern = sortableIdPattern("run");
    expect(pattern.test("run_mh3k2j1a00000abc123")).toBe(true);
    for (const bad of ["run_short", "run_mh3k2j1a00000abc123x", "msg_mh3k2j1a00000abc123", `run_${"A".repeat(33)}`]) {
      expect(pattern.test(bad), bad).toBe(false);
    }
    expect(randomId("ses")).toMatch(/^ses_[0-9a-z]{20}$/);
  });
});
