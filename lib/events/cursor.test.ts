import { describe, expect, it } from "vitest";
import { compareCursors, isCursor, nextCursor, ORIGIN, parseCursor } from "./cursor";

describe("cursors", () => {
  it("parses and rejects", () => {
    expect(parseCursor("1763726400000-3")).toEqual({ ms: 1763726400000, seq: 3 });
    for (const bad of ["", "1-", "-1", "1-2-3", "a-1", "1.5-0", " 1-0", "99999999999999999-0"]) {
      expect(isCursor(bad) && parseCursor(bad) !== null, bad).toBe(false);
    }
  });

  it("calls nothing a cursor that it cannot parse or compare (above 2^53)", () => {
    for (const bad of ["9999999999999999-0", "0-9999999999999999", "9007199254740993-0"]) {
      expect(isCursor(bad), bad).toBe(false);
      expect(() => compareCursors(ORIGIN, bad)).toThrow(TypeError);
    }
    expect(isCursor("9007199254740991-0")).toBe(true);
  });

  it("compares numerically, not as text", () => {
    expect(compareCursors("9-0", "10-0")).toBeLessThan(0);
    expect(compareCursors("10-2", "10-10")).toBeLessThan(0);
    expect(compareCursors("10-1", "10-1")).toBe(0);
    expect(compareCursors(ORIGIN, "1-0")).toBeLessThan(0);
  });

  it("never goes backwards, even when the clock does", () => {
    let last: string | null = null;
    const clock = [100, 100, 101, 99, 50, 101, 102];
    const ids: string[] = [];
    for (const now of clock) {
      last = nextCursor(last, now);
      ids.push(last);
    }
    expect(ids).toEqual(["100-0", "100-1", "101-0", "101-1", "101-2", "101-3", "102-0"]);
  });
});
