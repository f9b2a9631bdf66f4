import { describe, expect, it } from "vitest";
import { MemoryQuotaStore } from "./quota-store";

const T = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);
const bucket = (id: string, limit: number, cost: number) => ({ id, windowMs: 60_000, limit, cost });

describe("the in-memory quota store", () => {
  it("charges every bucket of a write, or none when any one is full", () => {
    const store = new MemoryQuotaStore(100);
    expect(store.chargeNow([bucket("a", 10, 6), bucket("b", 100, 6)], T).admitted).toBe(true);
    // b has room, a does not: refused, and b is not charged either.
    const refused = store.chargeNow([bucket("a", 10, 6), bucket("b", 100, 6)], T + 1);
    expect(refused.admitted).toBe(false);
    expect(refused.states.map((s) => s.current)).toEqual([6, 6]);
    expect(store.chargeNow([bucket("b", 100, 94)], T + 2).admitted).toBe(true);
    expect(store.chargeNow([bucket("b", 100, 1)], T + 3).admitted).toBe(false);
  });

  it("admits again as the window slides", () => {
    const store = new MemoryQuotaStore(100);
    store.chargeNow([bucket("a", 10, 10)], T + 59_000);
    expect(store.chargeNow([bucket("a", 10, 5)], T + 60_000).admitted).toBe(false);
    // Halfway through the next window, half of the previous one still counts: 5 of 10.
    expect(store.chargeNow([bucket("a", 10, 5)], T + 90_000).admitted).toBe(true);
    expect(store.chargeNow([bucket("a", 10, 1)], T + 90_001).admitted).toBe(false);
  });

  it("holds at most its bound of buckets, forgetting the least recently charged first", () => {
    const store = new MemoryQuotaStore(1000);
    for (let i = 0; i < 5000; i++) store.chargeNow([bucket(`fresh-${i}`, 10, 1)], T);
    expect(store.size).toBe(1000);
    store.chargeNow([bucket("kept", 10, 10)], T);
    for (let i = 0; i < 998; i++) store.chargeNow([bucket(`more-${i}`, 10, 1)], T);
    expect(store.chargeNow([bucket("kept", 10, 1)], T).admitted).toBe(false);
  });
});
