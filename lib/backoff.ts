// How long to wait before the next attempt to reach something that is away: exponential, capped, and
// the same rule everywhere Parley retries (the hub's Redis subscription, the CLI, the browser's streams).

export interface Backoff {
  /** The wait before the first retry. */
  baseMs: number;
  /** The wait never exceeds this. */
  maxMs: number;
}

/** The wait before retry number `attempt` (1 = the first retry; 0 or less = no wait): base × 2^(attempt-1), capped. */
export function backoffMs(attempt: number, { baseMs, maxMs }: Backoff): number {
  if (attempt <= 0) return 0;
  // The exponent is bounded so large attempt counts cannot overflow to Infinity.
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}
