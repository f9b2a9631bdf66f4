import "server-only";
// Quotas: every write a visitor can make is charged — requests, events and bytes — to its API key, its
// person and its client address (lib/auth/quota-table.ts), before anything is written, and refused with
// 429 rate_limited + Retry-After past any of them. Shared by every instance through Redis when the upstash
// hub is configured; counted in memory (bounded) otherwise.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { processGlobal } from "@/lib/process-global";
import { MemoryQuotaStore, type QuotaStore, RedisQuotaStore } from "./quota-store";
import {
  type Amounts,
  type Bucket,
  bucketsFor,
  type Measure,
  type Payer,
  type QuotaKind,
  quotaRules,
  type Subject,
} from "./quota-table";
import { type WindowState, waitMs } from "./quota-window";

export type { Payer, QuotaKind } from "./quota-table";

/** Buckets kept in memory per instance (about 200 bytes each): the least recently charged go first. */
const MEMORY_BUCKETS = 100_000;

const rules = quotaRules({
  scale: env.PARLEY_RATE_LIMIT_SCALE,
  publish: {
    requests: env.PARLEY_PUBLISH_REQUESTS_PER_MIN,
    events: env.PARLEY_PUBLISH_EVENTS_PER_MIN,
    bytes: env.PARLEY_PUBLISH_BYTES_PER_MIN,
  },
  produce: {
    requests: env.PARLEY_PRODUCER_REQUESTS_PER_MIN,
    events: env.PARLEY_PRODUCER_EVENTS_PER_MIN,
    bytes: env.PARLEY_PRODUCER_BYTES_PER_MIN,
  },
  gatewayRequestsPerMinute: env.PARLEY_GATEWAY_RPM,
});

const store = processGlobal("quota-store", (): QuotaStore => {
  const memory = new MemoryQuotaStore(MEMORY_BUCKETS);
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return memory;
  return new RedisQuotaStore({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }, memory);
});

/**
 * Charges one write of `kind` (one request, plus the events and bytes it carries) to the payer — or
 * throws 429 (with Retry-After) naming the limit it would cross, having charged nothing; 413 when the
 * write alone is bigger than a limit. `limits` replaces the table's (an API key's own gateway limit).
 */
export async function chargeQuota(kind: QuotaKind, payer: Payer, cost: Amounts = {}, limits?: Amounts): Promise<void> {
  const buckets = bucketsFor(kind, rules[kind], payer, { requests: 1, ...cost }, limits);
  if (buckets.length === 0) return;
  const tooBig = buckets.find((b) => b.cost > b.limit);
  if (tooBig)
    throw new AppError(
      "payload_too_large",
      `${describeLimit(kind, tooBig)}; this one request is ${amount(tooBig.measure, tooBig.cost)}`,
    );
  const now = Date.now();
  const { admitted, states } = await store.charge(buckets, now);
  if (!admitted) throw refusal(kind, buckets, states, now);
}

/** The size of what a write carries, as JSON (for writes whose body is read by a schema). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "");
}

function refusal(kind: QuotaKind, buckets: Bucket[], states: WindowState[], now: number): AppError {
  // The bucket that frees up last decides when to come back.
  let bucket = buckets[0]!;
  let wait = 0;
  for (const [i, b] of buckets.entries()) {
    const w = waitMs(states[i]!, now, b.windowMs, b.limit, b.cost);
    if (w > wait) [bucket, wait] = [b, w];
  }
  const retryAfterS = Math.max(1, Math.ceil(wait / 1000));
  return new AppError("rate_limited", `${describeLimit(kind, bucket)}; try again in ${retryAfterS} s`, {
    headers: { "Retry-After": String(retryAfterS) },
  });
}

const WRITES: Record<QuotaKind, string> = {
  publish: "channel publishes",
  produce: "external runs' events",
  comment: "comments",
  message: "messages",
  typing: "typing signals",
  testEvent: "test events",
  note: "notes to runs",
  vote: "votes",
  createKey: "new API keys",
  cliLogin: "`parley login` starts",
  createAgent: "new agents",
  createTask: "new tasks",
  createSession: "new sessions",
  join: "joins",
  signIn: "sign-in requests",
  shareLink: "new share links",
  run: "run starts",
  stream: "streams opened",
  gateway: "gateway calls",
};

const WHO: Record<Subject, string> = { key: "per API key", person: "per person", address: "per client address" };

function describeLimit(kind: QuotaKind, bucket: Bucket): string {
  const window = bucket.windowMs === 60_000 ? "a minute" : `per ${bucket.windowMs / 1000} s`;
  return `Too many ${WRITES[kind]}: at most ${amount(bucket.measure, bucket.limit)} ${window} ${WHO[bucket.subject]}`;
}

function amount(measure: Measure, n: number): string {
  if (measure !== "bytes") return `${n.toLocaleString("en-US")} ${measure === "events" ? "events" : "requests"}`;
  return n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MiB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

/**
 * A write that arrives over time (a streamed request body): its bytes and events are charged as they come,
 * at least every `step` bytes and whenever `settle` is called (before anything of it is written). The
 * first charge refused throws; the caller stops reading there.
 */
export class QuotaMeter {
  private pending: Required<Amounts> = { requests: 1, events: 0, bytes: 0 };
  private refused: unknown = null;

  constructor(
    private readonly kind: QuotaKind,
    private readonly payer: Payer,
    private readonly step = 64 * 1024,
  ) {}

  async bytes(n: number): Promise<void> {
    this.pending.bytes += n;
    if (this.pending.bytes >= this.step) await this.settle();
  }

  events(n: number): void {
    this.pending.events += n;
  }

  async settle(): Promise<void> {
    // Once refused, always refused: nothing that arrived after the refusal is taken without being charged.
    if (this.refused) throw this.refused;
    const cost = this.pending;
    this.pending = { requests: 0, events: 0, bytes: 0 };
    try {
      await chargeQuota(this.kind, this.payer, cost);
    } catch (error) {
      this.refused = error;
      throw error;
    }
  }
}
