import { describe, expect, it } from "vitest";
import { assertNotGuessing, isGuessing, MISS_LIMIT, recordMiss } from "./miss-limit";

describe("lookup misses", () => {
  it("refuses an address after too many misses in the window, then lets it back", () => {
    const t0 = 1_000_000;
    for (let i = 0; i < MISS_LIMIT.limit; i++) {
      assertNotGuessing("9.9.9.9", t0 + i);
      recordMiss("9.9.9.9", t0 + i);
    }
    expect(() => assertNotGuessing("9.9.9.9", t0 + 100)).toThrow(expect.objectContaining({ code: "rate_limited" }));
    expect([isGuessing("9.9.9.9", t0 + 100), isGuessing("8.8.8.8", t0 + 100)]).toEqual([true, false]);
    assertNotGuessing("8.8.8.8", t0 + 100);
    assertNotGuessing("9.9.9.9", t0 + MISS_LIMIT.windowMs + MISS_LIMIT.limit);
  });
});
