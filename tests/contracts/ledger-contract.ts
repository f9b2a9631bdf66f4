// One contract for every budget ledger (lib/gateway/ledger.ts): the memory ledger in the unit tier, the
// Redis ledger on real Redis in the integration tier. What a budget must never do, whatever the concurrency:
// let spent + holds pass the limit.
import { describe, expect, it } from "vitest";
import type { BudgetLedger, LedgerOptions } from "@/lib/gateway/ledger";

export interface LedgerWorld {
  ledger: BudgetLedger;
  /** The clock the ledger reads; tests move it. */
  clock: { now: number };
  /** Every (key, day) the ledger asked the database about. */
  seeded: string[];
}

/** `make` builds a ledger from these options, with a key space of its own each time. */
export function ledgerContract(name: string, make: (o: LedgerOptions) => BudgetLedger): void {
  let n = 0;
  const world = (spentBefore: Record<string, number> = {}, holdTtlMs = 60_000): LedgerWorld & { key: string } => {
    const clock = { now: Date.UTC(2026, 11, 3, 12) };
    const seeded: string[] = [];
    const ledger = make({
      holdTtlMs,
      now: () => clock.now,
      spentBefore: async (keyId, day) => {
        seeded.push(`${keyId} ${day}`);
        return spentBefore[keyId] ?? 0;
      },
    });
    return { ledger, clock, seeded, key: `key_${Date.now()}_${++n}` };
  };
  const day = "2026-12-03";
  const hold = (w: { ledger: BudgetLedger; key: string }, callId: string, usd: number, limitUsd = 1) =>
    w.ledger.hold({ keyId: w.key, day, callId, usd, limitUsd });

  describe(`the ${name} budget ledger`, () => {
    it("holds a call's worst case all or nothing, and says what is spent and held when it cannot", async () => {
      const w = world();
      expect(await hold(w, "a", 0.4)).toEqual({ held: true });
      expect(await hold(w, "b", 0.4)).toEqual({ held: true });
      expect(await hold(w, "c", 0.4)).toEqual({ held: false, spentUsd: 0, heldUsd: expect.closeTo(0.8, 9) });
      expect(await hold(w, "d", 0.2)).toEqual({ held: true });
    });

    it("never lets 50 concurrent holds pass the limit", async () => {
      const w = world();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => hold(w, `c${i}`, 0.3)));
      expect(results.filter((r) => r.held)).toHaveLength(3);
    });

    it("settling ends the hold and adds the cost: the difference is free again", async () => {
      const w = world();
      await hold(w, "a", 0.6);
      expect((await hold(w, "b", 0.6)).held).toBe(false);
      await w.ledger.settle({ keyId: w.key, day, callId: "a", costUsd: 0.25 });
      expect(await hold(w, "b", 0.75)).toEqual({ held: true });
      expect(await hold(w, "c", 0.01)).toEqual({ held: false, spentUsd: expect.closeTo(0.25, 9), heldUsd: 0.75 });
    });

    it("raises a hold as far as the limit allows, never lowers it", async () => {
      const w = world();
      await hold(w, "a", 0.2);
      await hold(w, "b", 0.5);
      const raise = (usd: number) => w.ledger.raise({ keyId: w.key, day, callId: "a", usd, limitUsd: 1 });
      expect(await raise(0.3)).toBeCloseTo(0.3, 9);
      expect(await raise(0.9)).toBeCloseTo(0.5, 9);
      expect(await raise(0.1)).toBeCloseTo(0.5, 9);
      expect((await hold(w, "c", 0.01)).held).toBe(false);
    });

    it("starts a key's day from what the database says it spent, asking once", async () => {
      const w = world();
      const seeded = world({ [w.key]: 0.9 });
      const key = w.key;
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => seeded.ledger.hold({ keyId: key, day, callId: `s${i}`, usd: 0.05, limitUsd: 1 })),
      );
      expect(results.filter((r) => r.held)).toHaveLength(2);
      expect(seeded.seeded.filter((s) => s === `${key} ${day}`).length).toBeGreaterThanOrEqual(1);
      // Known from then on: the database is not asked again.
      const asked = seeded.seeded.length;
      await seeded.ledger.hold({ keyId: key, day, callId: "later", usd: 0.01, limitUsd: 1 });
      expect(seeded.seeded).toHaveLength(asked);
    });

    it("keeps keys and days apart", async () => {
      const w = world();
      await hold(w, "a", 1);
      expect((await w.ledger.hold({ keyId: w.key, day: "2026-12-04", callId: "b", usd: 1, limitUsd: 1 })).held).toBe(true);
      expect((await w.ledger.hold({ keyId: `${w.key}x`, day, callId: "c", usd: 1, limitUsd: 1 })).held).toBe(true);
    });

    it("drops a hold nobody renewed in time (its instance died); raising renews it", async () => {
      const w = world({}, 1000);
      await hold(w, "a", 0.6);
      await hold(w, "b", 0.3);
      w.clock.now += 800;
      await w.ledger.raise({ keyId: w.key, day, callId: "b", usd: 0.3, limitUsd: 1 });
      w.clock.now += 400;
      // a expired; b was renewed at +800 and holds until +1800.
      expect(await hold(w, "c", 0.7)).toEqual({ held: true });
      expect(await hold(w, "d", 0.01)).toEqual({ held: false, spentUsd: 0, heldUsd: expect.closeTo(1, 9) });
    });
  });
}
