// What each key has spent and holds today, against its daily budget. A call holds its worst case when it
// arrives (all or nothing), may raise its hold while it streams (as far as the budget allows), and settles
// when it ends: its hold goes, its cost is added to the day. So at any moment spent + holds ≤ budget, and no
// concurrency pattern can pass it. Two implementations of one contract (tests/support/ledger-contract.ts):
// this one in memory (one instance), and lib/gateway/ledger-redis.ts, shared by every instance.

export interface HoldRequest {
  keyId: string;
  /** The UTC day the call counts against (the day it arrived), YYYY-MM-DD. */
  day: string;
  callId: string;
  usd: number;
  limitUsd: number;
}

export type HoldResult = { held: true } | { held: false; spentUsd: number; heldUsd: number };

export interface Settlement {
  keyId: string;
  day: string;
  callId: string;
  costUsd: number;
}

export interface BudgetLedger {
  /** Holds `usd` for the call if the key's day — spent, every other hold and this one — stays within the limit. */
  hold(r: HoldRequest): Promise<HoldResult>;
  /** Raises the call's hold towards `usd` as far as the limit allows (never lowers it); the hold it now has. Renews it. */
  raise(r: HoldRequest): Promise<number>;
  /** Ends the call's hold and adds its cost to the key's day. */
  settle(s: Settlement): Promise<void>;
}

/** What the key spent on a day before this ledger knew it (the database's total). */
export type SpentBefore = (keyId: string, day: string) => Promise<number>;

interface Hold {
  usd: number;
  expiresAt: number;
}

interface Day {
  spent: number;
  holds: Map<string, Hold>;
}

/** What the other calls running now hold on a key's day; holds past their time are dropped on the way. */
function heldByOthers(day: Day, callId: string, now: number): number {
  let usd = 0;
  for (const [id, hold] of day.holds) {
    if (hold.expiresAt <= now) day.holds.delete(id);
    else if (id !== callId) usd += hold.usd;
  }
  return usd;
}

export interface LedgerOptions {
  spentBefore: SpentBefore;
  /** A hold not renewed for this long is dropped (a call whose end was never told). */
  holdTtlMs: number;
  now?: () => number;
}

export class MemoryLedger implements BudgetLedger {
  private readonly days = new Map<string, Day>();
  private readonly seeding = new Map<string, Promise<Day>>();
  private readonly now: () => number;

  constructor(private readonly o: LedgerOptions) {
    this.now = o.now ?? Date.now;
  }

  async hold(r: HoldRequest): Promise<HoldResult> {
    const day = await this.day(r.keyId, r.day);
    const others = heldByOthers(day, r.callId, this.now());
    if (day.spent + others + r.usd > r.limitUsd) return { held: false, spentUsd: day.spent, heldUsd: others };
    day.holds.set(r.callId, { usd: r.usd, expiresAt: this.now() + this.o.holdTtlMs });
    return { held: true };
  }

  async raise(r: HoldRequest): Promise<number> {
    const day = await this.day(r.keyId, r.day);
    const current = day.holds.get(r.callId)?.usd ?? 0;
    const others = heldByOthers(day, r.callId, this.now());
    const usd = Math.max(current, Math.min(r.usd, r.limitUsd - day.spent - others));
    day.holds.set(r.callId, { usd, expiresAt: this.now() + this.o.holdTtlMs });
    return usd;
  }

  async settle(s: Settlement): Promise<void> {
    const day = await this.day(s.keyId, s.day);
    day.holds.delete(s.callId);
    day.spent += s.costUsd;
  }

  /** The key's day, seeded once from what the database holds; earlier days without holds are forgotten. */
  private async day(keyId: string, dayName: string): Promise<Day> {
    const id = `${keyId} ${dayName}`;
    const known = this.days.get(id);
    if (known) return known;
    let seeding = this.seeding.get(id);
    if (!seeding) {
      seeding = this.o.spentBefore(keyId, dayName).then((spent) => {
        const day: Day = { spent, holds: new Map() };
        this.forgetBefore(dayName);
        this.days.set(id, day);
        this.seeding.delete(id);
        return day;
      });
      seeding.catch(() => this.seeding.delete(id));
      this.seeding.set(id, seeding);
    }
    return seeding;
  }

  private forgetBefore(dayName: string): void {
    for (const [id, day] of this.days)
      if (id.slice(id.lastIndexOf(" ") + 1) < dayName && day.holds.size === 0) this.days.delete(id);
  }
}
