import "server-only";
// Rate limits: a sliding window per key. Shared by every instance through Redis (@upstash/ratelimit)
// when the upstash hub is configured; in memory (one instance) otherwise.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { processGlobal } from "@/lib/process-global";

export interface Limit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export const limits = {
  createSession: { limit: 10, windowMs: 60_000 },
  createKey: { limit: 10, windowMs: 60_000 },
  join: { limit: 20, windowMs: 60_000 },
  message: { limit: 30, windowMs: 10_000 },
  typing: { limit: 30, windowMs: 10_000 },
  stream: { limit: 60, windowMs: 60_000 },
  run: { limit: 20, windowMs: 60_000 },
  /** Calls through the LLM gateway per API key; the key's own limit or PARLEY_GATEWAY_RPM is passed in. */
  gateway: { limit: 600, windowMs: 60_000 },
  // Per client address (identities are free to make, addresses are not): twice an identity's share,
  // so a household or office behind one address still has room.
  "createSession@address": { limit: 20, windowMs: 60_000 },
  "createKey@address": { limit: 20, windowMs: 60_000 },
  "join@address": { limit: 40, windowMs: 60_000 },
  "run@address": { limit: 40, windowMs: 60_000 },
  note: { limit: 10, windowMs: 10_000 },
  comment: { limit: 20, windowMs: 10_000 },
  vote: { limit: 20, windowMs: 10_000 },
} satisfies Record<string, Limit>;

type LimitName = keyof typeof limits;
/** The limits that are counted per address as well as per identity. */
export type ClientLimitName = "createSession" | "createKey" | "join" | "run";

/** Who a request comes from, for limits: an identity when it has one, and the address it came from. */
export interface Client {
  identity: string | null;
  address: string | null;
}

const scaled = (name: LimitName) => Math.max(1, Math.round(limits[name].limit * env.PARLEY_RATE_LIMIT_SCALE));

function limited(retryAfterS: number): AppError {
  return new AppError("rate_limited", `Too many requests; try again in ${retryAfterS} s`, {
    headers: { "Retry-After": String(retryAfterS) },
  });
}

/** In-memory windows: the times of recent requests per limit and key. */
const hits = processGlobal("rate-limit-hits", () => new Map<string, number[]>());
/** One Redis limiter per limit name and size (a key's own gateway limit makes its own). */
const redisLimiters = processGlobal("rate-limiters", () => new Map<string, Ratelimit>());

function redisLimiter(name: LimitName, limit: number): Ratelimit | null {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return null;
  const id = `${name}:${limit}`;
  let limiter = redisLimiters.get(id);
  if (!limiter) {
    const redis = new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, enableTelemetry: false });
    limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(limit, `${limits[name].windowMs} ms`),
      prefix: `parley:ratelimit:${name}`,
      analytics: false,
      // Redis slower than this lets the request through: a limit is protection, not a dependency.
      timeout: 2000,
    });
    redisLimiters.set(id, limiter);
  }
  return limiter;
}

/**
 * Counts one request for `key`; throws 429 with Retry-After when the window is full. `perWindow` replaces
 * the table's (scaled) limit for limits set per caller, such as an API key's gateway requests per minute.
 */
export async function rateLimit(name: LimitName, key: string, perWindow?: number): Promise<void> {
  const limit = perWindow ?? scaled(name);
  const limiter = redisLimiter(name, limit);
  if (limiter) {
    const { success, reset } = await limiter.limit(key);
    if (!success) throw limited(Math.max(1, Math.ceil((reset - Date.now()) / 1000)));
    return;
  }
  memoryRateLimit(name, key, Date.now(), limit);
}

/**
 * Counts one request against the caller's identity and against its address. Without either, the
 * request shares a bucket with every other unplaceable one (only when no address can be known).
 */
export async function rateLimitClient(name: ClientLimitName, client: Client): Promise<void> {
  if (client.identity) await rateLimit(name, client.identity);
  if (client.address || !client.identity) await rateLimit(`${name}@address`, client.address ?? "unknown");
}

function memoryRateLimit(name: LimitName, key: string, now: number, limit: number): void {
  const { windowMs } = limits[name];
  const id = `${name}:${key}`;
  const recent = (hits.get(id) ?? []).filter((t) => t > now - windowMs);
  if (recent.length >= limit) {
    hits.set(id, recent);
    throw limited(Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000)));
  }
  recent.push(now);
  hits.set(id, recent);
  if (hits.size > 50_000) {
    for (const [k, v] of hits) if ((v.at(-1) ?? 0) < now - 10 * 60_000) hits.delete(k);
  }
}
