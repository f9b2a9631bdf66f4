import "server-only";
// A call's record in the database: a row when it starts, its outcome when it ends, and the key's spend for
// the day (what its budget is checked against). Writes are queued — the caller never waits for them — and
// bounded: past MAX_PENDING_WRITES they are dropped and counted, as the tap's events are.
import { getDb } from "@/lib/db/client";
import { utcDay } from "./format";
import type { FinishedRecord, GatewayRecorder, StartedRecord } from "./tap";

const MAX_PENDING_WRITES = 10_000;

export interface RecorderCounters {
  pending_writes: number;
  dropped_records: number;
  record_failures: number;
}

export class DatabaseRecorder implements GatewayRecorder {
  readonly counters: RecorderCounters = { pending_writes: 0, dropped_records: 0, record_failures: 0 };
  /** Each call's insert, so its update comes after it. */
  private readonly inserts = new Map<string, Promise<void>>();
  private lastFailureLog = 0;

  started(r: StartedRecord): void {
    const insert = this.write(async () => {
      const db = await getDb();
      await db.gatewayRequest.create({
        data: {
          id: r.id,
          keyId: r.keyId,
          provider: r.provider,
          upstream: r.upstream,
          model: r.model,
          agent: r.agent,
          sessionId: r.sessionId,
          stream: r.stream,
          status: "streaming",
          prompt: r.prompt === null ? null : JSON.stringify(r.prompt),
          createdAt: r.createdAt,
        },
      });
    });
    if (insert) this.inserts.set(r.id, insert);
  }

  finished(id: string, r: FinishedRecord): void {
    const insert = this.inserts.get(id) ?? Promise.resolve();
    this.inserts.delete(id);
    void this.write(async () => {
      await insert;
      const db = await getDb();
      const update = db.gatewayRequest.updateMany({
        where: { id },
        data: {
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
          completion: r.completion,
          finishedAt: r.finishedAt,
        },
      });
      if (r.status !== "completed") return void (await update);
      // One statement, so concurrent calls of one key add up on PostgreSQL as on the embedded database.
      const spend = db.$executeRaw`
        INSERT INTO gateway_spend (key_id, day, cost_usd, requests) VALUES (${r.keyId}, ${utcDay(r.finishedAt.getTime())}, ${r.costUsd}, 1)
        ON CONFLICT (key_id, day) DO UPDATE SET cost_usd = gateway_spend.cost_usd + EXCLUDED.cost_usd, requests = gateway_spend.requests + 1`;
      await db.$transaction([update, spend]);
    });
  }

  /** Runs a write in the background; null when there was no room for it. */
  private write(task: () => Promise<void>): Promise<void> | null {
    if (this.counters.pending_writes >= MAX_PENDING_WRITES) {
      this.counters.dropped_records++;
      return null;
    }
    this.counters.pending_writes++;
    const done = task()
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        this.counters.pending_writes--;
      });
    return done;
  }

  private failed(error: unknown): void {
    this.counters.record_failures++;
    if (Date.now() - this.lastFailureLog > 60_000) {
      this.lastFailureLog = Date.now();
      console.error("the gateway could not record a call (callers unaffected)", error);
    }
  }
}

/** What the key has spent through the gateway today (UTC). */
export async function spentToday(keyId: string, now: number): Promise<number> {
  const db = await getDb();
  const row = await db.gatewaySpend.findUnique({ where: { keyId_day: { keyId, day: utcDay(now) } } });
  return row?.costUsd ?? 0;
}
