// The arithmetic of one quota bucket: a sliding window approximated by two fixed windows aligned to the
// epoch — what the current window counted, plus the previous window's count weighted by how much of it
// still overlaps the last `windowMs`. Constant memory per bucket whatever it counts (requests, events or
// bytes), and the same rule in memory and in Redis (quota-store.ts mirrors it in Lua). Pure.

export interface WindowState {
  /** Start of the current fixed window (ms since the epoch, a multiple of the window). */
  start: number;
  current: number;
  previous: number;
}

/** The bucket as it stands at `now`: windows that have passed roll over (or are forgotten). */
export function roll(state: WindowState | undefined, now: number, windowMs: number): WindowState {
  const start = now - (now % windowMs);
  if (!state || state.start === start) return state ?? { start, current: 0, previous: 0 };
  const previous = start - state.start === windowMs ? state.current : 0;
  return { start, current: 0, previous };
}

/** What the last `windowMs` counted, as of `now` (the state already rolled to `now`). */
export function usedAt(state: WindowState, now: number, windowMs: number): number {
  const elapsed = (now - state.start) / windowMs;
  return state.previous * (1 - elapsed) + state.current;
}

/**
 * How long until `cost` more fits under `limit` (0: it fits now). A cost larger than the limit never
 * fits: Infinity. The state must be rolled to `now`.
 */
export function waitMs(state: WindowState, now: number, windowMs: number, limit: number, cost: number): number {
  if (cost > limit) return Number.POSITIVE_INFINITY;
  if (usedAt(state, now, windowMs) + cost <= limit) return 0;
  if (state.current + cost <= limit) {
    // Within this window: once enough of the previous window has slid out.
    const fraction = 1 - (limit - cost - state.current) / state.previous;
    return Math.max(1, Math.ceil(state.start + fraction * windowMs - now));
  }
  // Only in the next window, once enough of this one has slid out.
  const fraction = state.current > 0 ? Math.max(0, 1 - (limit - cost) / state.current) : 0;
  return Math.max(1, Math.ceil(state.start + windowMs + fraction * windowMs - now));
}
