// Where quota buckets are counted: in memory (one instance; a bounded map, least recently charged
// forgotten first) or in Redis through the Upstash REST API (every instance), with the same rule
// (quota-window.ts). A write is charged to all its buckets at once or to none: one that is refused by
// any bucket counts nowhere, so a refusal costs the caller nothing and writes nothing.
import { Redis } from "@upstash/redis";
import { messageOf } from "@/lib/errors";
import { roll, usedAt, type WindowState } from "./quota-window";

export interface BucketCharge {
  id: string;
  windowMs: number;
  limit: number;
  cost: number;
}

export interface ChargeResult {
  admitted: boolean;
  /** Each bucket as it stands at `now` (after the charge when admitted). */
  states: WindowState[];
}

export interface QuotaStore {
  charge(buckets: readonly BucketCharge[], now: number): Promise<ChargeResult>;
}

export class MemoryQuotaStore implements QuotaStore {
  private readonly buckets = new Map<string, WindowState>();

  /** `maxBuckets` bounds memory: about 200 bytes a bucket. */
  constructor(private readonly maxBuckets: number) {}

  get size(): number {
    return this.buckets.size;
  }

  async charge(buckets: readonly BucketCharge[], now: number): Promise<ChargeResult> {
    return this.chargeNow(buckets, now);
  }

  /** The same, synchronously: nothing can interleave between the check and the charge. */
  chargeNow(buckets: readonly BucketCharge[], now: number): ChargeResult {
    const states = buckets.map((b) => roll(this.buckets.get(b.id), now, b.windowMs));
    const admitted = buckets.every((b, i) => usedAt(states[i]!, now, b.windowMs) + b.cost <= b.limit);
    if (!admitted) return { admitted, states };
    const charged = states.map((s, i) => ({ ...s, current: s.current + buckets[i]!.cost }));
    buckets.forEach((b, i) => {
      // Re-inserting keeps the map in order of last charge: the oldest entries are the first to go.
      this.buckets.delete(b.id);
      this.buckets.set(b.id, charged[i]!);
    });
    for (const id of this.buckets.keys()) {
      if (this.buckets.size <= this.maxBuckets) break;
      this.buckets.delete(id);
    }
    return { admitted, states: charged };
  }
}

/**
 * KEYS: one hash per bucket {s: window start, c: current count, p: previous count}. ARGV: now, then
 * (window ms, limit, cost) per bucket. → {admitted 1|0, then start, current, previous per bucket}.
 */
export const CHARGE_SCRIPT = `
local now = tonumber(ARGV[1])
local states = {}
local admitted = 1
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[i * 3 - 1])
  local limit = tonumber(ARGV[i * 3])
  local cost = tonumber(ARGV[i * 3 + 1])
  local stored = redis.call('HMGET', key, 's', 'c', 'p')
  local start = now - (now % window)
  local was = tonumber(stored[1])
  local current, previous = 0, 0
  if was == start then
    current = tonumber(stored[2]) or 0
    previous = tonumber(stored[3]) or 0
  elseif was == start - window then
    previous = tonumber(stored[2]) or 0
  end
  if previous * (1 - (now - start) / window) + current + cost > limit then admitted = 0 end
  states[i] = {start, current, previous}
end
local reply = {admitted}
for i, key in ipairs(KEYS) do
  local state = states[i]
  if admitted == 1 then
    local window = tonumber(ARGV[i * 3 - 1])
    state[2] = state[2] + tonumber(ARGV[i * 3 + 1])
    redis.call('HSET', key, 's', state[1], 'c', state[2], 'p', state[3])
    redis.call('PEXPIRE', key, window * 2 + 1000)
  end
  reply[#reply + 1] = state[1]
  reply[#reply + 1] = state[2]
  reply[#reply + 1] = state[3]
end
return reply
`;

/** Redis slower than this is given up on for this write, which is then counted on this instance. */
const REDIS_TIMEOUT_MS = 2000;

export class RedisQuotaStore implements QuotaStore {
  private readonly script;
  private lastWarning = 0;

  constructor(
    options: { url: string; token: string; prefix?: string },
    /** Counts instead while Redis cannot be reached: a quota protects; it must not become an outage. */
    private readonly fallback: MemoryQuotaStore,
    private readonly prefix = options.prefix ?? "parley:quota:",
  ) {
    // Never retried: a lost answer may mean the charge was made, and a retry would charge twice.
    const redis = new Redis({
      url: options.url,
      token: options.token,
      enableTelemetry: false,
      retry: false,
      signal: () => AbortSignal.timeout(REDIS_TIMEOUT_MS),
    });
    this.script = redis.createScript<number[]>(CHARGE_SCRIPT);
  }

  async charge(buckets: readonly BucketCharge[], now: number): Promise<ChargeResult> {
    const keys = buckets.map((b) => `${this.prefix}${b.id}`);
    const args = [String(now), ...buckets.flatMap((b) => [String(b.windowMs), String(b.limit), String(b.cost)])];
    let reply: number[];
    try {
      reply = (await this.script.exec(keys, args)).map(Number);
    } catch (error) {
      this.warn(error, now);
      return this.fallback.chargeNow(buckets, now);
    }
    const states = buckets.map((_, i) => ({
      start: reply[1 + i * 3] ?? 0,
      current: reply[2 + i * 3] ?? 0,
      previous: reply[3 + i * 3] ?? 0,
    }));
    return { admitted: reply[0] === 1, states };
  }

  private warn(error: unknown, now: number): void {
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    console.warn(`quotas: Redis did not answer (${messageOf(error)}); counting on this instance meanwhile`);
  }
}
