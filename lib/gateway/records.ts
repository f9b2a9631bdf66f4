import "server-only";
// A call's record in the database, written when it ends, and the key's spend for the day it arrived on
// (where a budget ledger starts a key's day from). Calls still running are known in memory (`active`), not written: the embedded
// database runs on the server's own thread, so every write is time taken from the callers' streams.
// Finished calls are therefore written in batches — one transaction every FLUSH_MS at most — and bounded:
// past MAX_PENDING they are dropped and counted, as the tap's events are.
import { getDb } from "@/lib/db/client";
import { utcDay } from "./format";
import type { FinishedRecord, GatewayRecorder, StartedRecord } from "./tap";

const FLUSH_MS = 250;
const MAX_BATCH = 200;
const MAX_PENDING = 10_000;

export interface RecorderCounters {
  pending_writes: number;
  dropped_records: number;
  record_failures: number;
}

export type Row = StartedRecord & FinishedRecord;

export class DatabaseRecorder implements GatewayRecorder {
  readonly counters: RecorderCounters = { pending_writes: 0, dropped_records: 0, record_failures: 0 };
  /** Calls started on this instance and not ended yet. */
  readonly active = new Map<string, StartedRecord>();
  private pending: Row[] = [];
  /** The batch being written: still this instance's to show until its transaction commits. */
  private inFlight: Row[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing = false;
  private lastFailureLog = 0;

  /** `write` puts a batch in the database in one transaction (tests give their own). */
  constructor(private readonly write: (batch: Row[]) => Promise<void> = writeBatch) {}

  started(r: StartedRecord): void {
    this.active.set(r.id, r);
  }

  finished(id: string, r: FinishedRecord): void {
    const started = this.active.get(id);
    this.active.delete(id);
    if (!started) return;
    if (this.pending.length >= MAX_PENDING) {
      this.counters.dropped_records++;
      return;
    }
    this.pending.push({ ...started, ...r });
    this.counters.pending_writes = this.pending.length;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** This instance's calls the database does not hold yet — streaming, or ended and unwritten — newest first. */
  local(): (StartedRecord & Partial<FinishedRecord>)[] {
    return [...this.inFlight, ...this.pending, ...this.active.values()].reverse();
  }

  /**
   * What the key spent on a day in calls that ended here and that the database may not hold yet: waiting,
   * or in the batch being written (until its transaction has committed and a little after, so a caller
   * that adds this to a read of the database may count a call twice for a moment — never not at all).
   */
  pendingSpendUsd(keyId: string, day: string): number {
    let usd = 0;
    for (const r of [...this.inFlight, ...this.pending]) if (r.keyId === keyId && dayOf(r) === day) usd += r.costUsd;
    return usd;
  }

  /** Writes what is waiting (tests and shutdown call it; otherwise the timer does). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing || this.pending.length === 0) return;
    this.writing = true;
    const batch = this.pending.splice(0, MAX_BATCH);
    this.inFlight = batch;
    try {
      await this.write(batch);
    } catch (error) {
      this.failed(error, batch.length);
    } finally {
      this.inFlight = [];
      this.writing = false;
      this.counters.pending_writes = this.pending.length;
      if (this.pending.length > 0) this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
    }
  }

  private failed(error: unknown, rows: number): void {
    this.counters.record_failures += rows;
    if (Date.now() - this.lastFailureLog > 60_000) {
      this.lastFailureLog = Date.now();
      console.error("the gateway could not record calls (callers unaffected)", error);
    }
  }
}

/** A call counts against the UTC day it arrived on, however late it ends (as its budget hold did). */
const dayOf = (r: Row) => utcDay(r.createdAt.getTime());

/**
 * The spend of each key and day in a batch: every call's cost — a stream ended part-way cost something
 * too — and the number of completed calls.
 */
function spendOf(batch: Row[]): { keyId: string; day: string; costUsd: number; requests: number }[] {
  const byKeyDay = new Map<string, { keyId: string; day: string; costUsd: number; requests: number }>();
  for (const r of batch) {
    if (r.status !== "completed" && r.costUsd === 0) continue;
    const day = dayOf(r);
    const entry = byKeyDay.get(`${r.keyId} ${day}`) ?? { keyId: r.keyId, day, costUsd: 0, requests: 0 };
    entry.costUsd += r.costUsd;
    if (r.status === "completed") entry.requests++;
    byKeyDay.set(`${r.keyId} ${day}`, entry);
  }
  return [...byKeyDay.values()];
}

async function writeBatch(batch: Row[]): Promise<void> {
  const db = await getDb();
  const rows = db.gatewayRequest.createMany({
    data: batch.map((r) => ({
      id: r.id,
      keyId: r.keyId,
      provider: r.provider,
      upstream: r.upstream,
      model: r.model,
      agent: r.agent,
      sessionId: r.sessionId,
      stream: r.stream,
      status: r.status,
      httpStatus: r.httpStatus,
      finishReason: r.finishReason,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      costUsd: r.costUsd,
      ttfbMs: r.ttfbMs === null ? null : Math.round(r.ttfbMs),
      latencyMs: Math.round(r.latencyMs),
      error: r.error,
      preview: r.preview,
      prompt: r.prompt === null ? null : JSON.stringify(r.prompt),
      completion: r.completion,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
    })),
    skipDuplicates: true,
  });
  // One statement per key and day, so concurrent instances add up on PostgreSQL as on the embedded database.
  const spend = spendOf(batch).map(
    (s) => db.$executeRaw`
      INSERT INTO gateway_spend (key_id, day, cost_usd, requests) VALUES (${s.keyId}, ${s.day}, ${s.costUsd}, ${s.requests})
      ON CONFLICT (key_id, day) DO UPDATE
      SET cost_usd = gateway_spend.cost_usd + EXCLUDED.cost_usd, requests = gateway_spend.requests + EXCLUDED.requests`,
  );
  await db.$transaction([rows, ...spend]);
}

/** What the database says the key spent through the gateway on a UTC day (YYYY-MM-DD). */
export async function spentOnDay(keyId: string, day: string): Promise<number> {
  const db = await getDb();
  const row = await db.gatewaySpend.findUnique({ where: { keyId_day: { keyId, day } } });
  return row?.costUsd ?? 0;
}
