// Rate limits: a sliding window per key. In-memory (one instance); the Redis issue adds @upstash/ratelimit.
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
} satisfies Record<string, Limit>;

const g = globalThis as unknown as { parleyRateLimits?: Map<string, number[]> };
g.parleyRateLimits ??= new Map();
const hits = g.parleyRateLimits;

/** Counts one request for `key`; throws 429 with Retry-After when the window is full. */
export function rateLimit(name: keyof typeof limits, key: string, now = Date.now()): void {
  const { windowMs } = limits[name];
  const limit = Math.max(1, Math.round(limits[name].limit * env.PARLEY_RATE_LIMIT_SCALE));
  const id = `${name}:${key}`;
  const recent = (hits.get(id) ?? []).filter((t) => t > now - windowMs);
  if (recent.length >= limit) {
    const retryAfter = Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
    hits.set(id, recent);
    throw new AppError("rate_limited", `Too many requests; try again in ${retryAfter} s`, {
      headers: { "Retry-After": String(retryAfter) },
    });
  }
  recent.push(now);
  hits.set(id, recent);
  if (hits.size > 50_000) {
    for (const [k, v] of hits) if ((v.at(-1) ?? 0) < now - 10 * 60_000) hits.delete(k);
  }
}
