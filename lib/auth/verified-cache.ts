// A short-lived cache of verification results with one lookup in flight per key: a burst of first
// connections with the same credential (a reconnect storm, a bench's thousand subscribers) shares one
// database read instead of each missing the cache at once.

export interface VerifiedCacheOptions {
  /** How long a result is trusted (a revocation elsewhere takes effect within this). */
  ttlMs: number;
  /** Entries kept at most; the whole cache is dropped past it (cheap, and only ever a burst of misses). */
  maxEntries: number;
}

/** A lookup, and when it began: its answer is no older than that. */
interface Lookup<V> {
  promise: Promise<V>;
  at: number;
}

export class VerifiedCache<V> {
  private readonly done = new Map<string, { value: V; at: number; until: number }>();
  private readonly inFlight = new Map<string, Lookup<V>>();

  constructor(private readonly options: VerifiedCacheOptions) {}

  /**
   * The cached value for `key`, or the one lookup already under way for it, or a new `lookup`. A failed
   * lookup is not cached: every caller waiting on it gets the error, and the next call tries again.
   * `notBefore`: an answer from a lookup that began earlier is not trusted (revocations from before
   * then may not have reached this cache), so a new one is made.
   */
  get(key: string, lookup: () => Promise<V>, now = Date.now(), notBefore = Number.NEGATIVE_INFINITY): Promise<V> {
    const hit = this.done.get(key);
    if (hit && hit.until > now && hit.at >= notBefore) return Promise.resolve(hit.value);
    const pending = this.inFlight.get(key);
    if (pending && pending.at >= notBefore) return pending.promise;
    const started: Lookup<V> = { promise: lookup(), at: now };
    started.promise = started.promise.then(
      (value) => {
        // A `forget` while the lookup ran wins: its answer may predate the revocation.
        if (this.inFlight.get(key) === started) {
          if (this.done.size >= this.options.maxEntries) this.done.clear();
          this.done.set(key, { value, at: started.at, until: now + this.options.ttlMs });
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
    return started.promise;
  }

  /** Drops what is known about `key`, including a lookup under way (its callers still get its answer). */
  forget(key: string): void {
    this.done.delete(key);
    this.inFlight.delete(key);
  }

  /**
   * Drops every cached value `matches` — and every lookup under way, whose answer is not known yet (they
   * are looked up again; this is for revocations, which are rare).
   */
  forgetWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.done) if (matches(entry.value)) this.done.delete(key);
    this.inFlight.clear();
  }
}
