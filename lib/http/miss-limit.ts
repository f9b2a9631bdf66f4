// Guessing ids: an address whose lookups keep missing (404) is refused for a while, hits included, so
// a guesser cannot tell a real id from a wrong one past the limit. In memory per instance: a counter
// per address on the request path, never a database or Redis read.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { processGlobal } from "@/lib/process-global";

export const MISS_LIMIT = { limit: 30, windowMs: 60_000 };

const misses = processGlobal("lookup-misses", () => new Map<string, number[]>());

const allowed = () => Math.max(1, Math.round(MISS_LIMIT.limit * env.PARLEY_RATE_LIMIT_SCALE));

function recent(address: string, now: number): number[] {
  const times = (misses.get(address) ?? []).filter((t) => t > now - MISS_LIMIT.windowMs);
  if (times.length === 0) misses.delete(address);
  else misses.set(address, times);
  return times;
}

/** Throws 429 (with Retry-After) when `address` has missed too often lately. */
export function assertNotGuessing(address: string | null, now = Date.now()): void {
  if (!address || !misses.has(address)) return;
  const times = recent(address, now);
  if (times.length < allowed()) return;
  const retryAfterS = Math.max(1, Math.ceil((times[0]! + MISS_LIMIT.windowMs - now) / 1000));
  throw new AppError("rate_limited", `Too many lookups of things that do not exist; try again in ${retryAfterS} s`, {
    headers: { "Retry-After": String(retryAfterS) },
  });
}

/** Whether `address` has missed too often lately (for a page, which cannot answer 429 with a thrown error). */
export function isGuessing(address: string | null, now = Date.now()): boolean {
  if (!address || !misses.has(address)) return false;
  return recent(address, now).length >= allowed();
}

/** Counts a lookup by `address` that found nothing. */
export function recordMiss(address: string | null, now = Date.now()): void {
  if (!address) return;
  const times = recent(address, now);
  times.push(now);
  misses.set(address, times);
  if (misses.size > 50_000) for (const [a, t] of misses) if ((t.at(-1) ?? 0) < now - MISS_LIMIT.windowMs) misses.delete(a);
}
