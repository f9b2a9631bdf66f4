// A short-lived cache of verification results with one lookup in flight per key: a burst of first
// connections with the same credential (a reconnect storm, a bench's thousand subscribers) shares one
// database read instead of each missing the cache at once.

export interface VerifiedCacheOptions {
  /** How long a result is trusted (a revocation elsewhere takes effect within this). */
  ttlMs: number;
  /** Entries kept at most; the whole cache is dropped past it (cheap, and only ever a burst of misses). */
  maxEntries: number;
}

export class VerifiedCache<V> {
  private readonly done = new Map<string, { value: V; until: number }>();
  private readonly inFlight = new Map<string, Promise<V>>();

  constructor(private readonly options: VerifiedCacheOptions) {}

  /**
   * The cached value for `key`, or the one lookup already under way for it, or a new `lookup`. A failed
   * lookup is not cached: every caller waiting on it gets the error, and the next call tries again.
   */
  get(key: string, lookup: () => Promise<V>, now = Date.now()): Promise<V> {
    const hit = this.done.get(key);
    if (hit && hit.until > now) return Promise.resolve(hit.value);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = lookup().then(
      (value) => {
        // A `forget` while the lookup ran wins: its answer may predate the revocation.
        if (this.inFlight.get(key) === started) {
          if (this.done.size >= this.options.maxEntries) this.done.clear();
          this.done.set(key, { value, until: now + this.options.ttlMs });
          this.inFlight.delete(key);
        }
        return value;
      },
      (error: unknown) => {
        if (this.inFlight.get(key) === started) this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, started);
    return started;
  }

  /** Drops what is known about `key`, including a lookup under way (its callers still get its answer). */
  forget(key: string): void {
    this.done.delete(key);
    this.inFlight.delete(key);
  }
}
