import "server-only";
// Rate limits: a sliding window per key. Shared by every instance through Redis (@upstash/ratelimit)
// when the upstash hub is configured; in memory (one instance) otherwise.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export interface Limit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export const limits = {
  createSession: { limit: 10, windowMs: 60_000 },
  join: { limit: 20, windowMs: 60_000 },
  message: { limit: 30, windowMs: 10_000 },
  typing: { limit: 30, windowMs: 10_000 },
  stream: { limit: 60, windowMs: 60_000 },
  run: { limit: 20, windowMs: 60_000 },
  note: { limit: 10, windowMs: 10_000 },
  comment: { limit: 20, windowMs: 10_000 },
  vote: { limit: 20, windowMs: 10_000 },
} satisfies Record<string, Limit>;

type LimitName = keyof typeof limits;

const scaled = (name: LimitName) => Math.max(1, Math.round(limits[name].limit * env.PARLEY_RATE_LIMIT_SCALE));

function limited(retryAfterS: number): AppError {
  return new AppError("rate_limited", `Too many requests; try again in ${retryAfterS} s`, {
    headers: { "Retry-After": String(retryAfterS) },
  });
}

const g = globalThis as unknown as { parleyRateLimits?: Map<string, number[]>; parleyRedisLimiters?: Map<LimitName, Ratelimit> };
g.parleyRateLimits ??= new Map();
const hits = g.parleyRateLimits;

function redisLimiter(name: LimitName): Ratelimit | null {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return null;
  g.parleyRedisLimiters ??= new Map();
  let limiter = g.parleyRedisLimiters.get(name);
  if (!limiter) {
    const redis = new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, enableTelemetry: false });
    limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(scaled(name), `${limits[name].windowMs} ms`),
      prefix: `parley:ratelimit:${name}`,
      analytics: false,
      // Redis slower than this lets the request through: a limit is protection, not a dependency.
      timeout: 2000,
    });
    g.parleyRedisLimiters.set(name, limiter);
  }
  return limiter;
}

/** Counts one request for `key`; throws 429 with Retry-After when the window is full. */
export async function rateLimit(name: LimitName, key: string): Promise<void> {
  const limiter = redisLimiter(name);
  if (limiter) {
    const { success, reset } = await limiter.limit(key);
    if (!success) throw limited(Math.max(1, Math.ceil((reset - Date.now()) / 1000)));
    return;
  }
  memoryRateLimit(name, key, Date.now());
}

function memoryRateLimit(name: LimitName, key: string, now: number): void {
  const { windowMs } = limits[name];
  const limit = scaled(name);
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
