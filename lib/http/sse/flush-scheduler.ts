// Streams with frames to send are flushed together once per turn of the event loop. When the server is
// busy, events published meanwhile join the same chunk, so the per-chunk cost of response streams stays
// proportional to connections, not to connections × events.

export interface Flushable {
  flush(): void;
}

class FlushScheduler {
  private readonly dirty = new Set<Flushable>();
  private scheduled = false;
  private lastFlush = 0;
  /** At most one flush of all streams per this many milliseconds (0: once per event-loop turn). */
  intervalMs = 0;

  /** Flushes `stream` with the next batch. */
  schedule(stream: Flushable): void {
    this.dirty.add(stream);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlush + this.intervalMs - performance.now();
    if (wait > 0) setTimeout(this.flushAll, wait);
    else setImmediate(this.flushAll);
  }

  /** Forgets `stream` (it closed). */
  cancel(stream: Flushable): void {
    this.dirty.delete(stream);
  }

  private readonly flushAll = (): void => {
    this.scheduled = false;
    this.lastFlush = performance.now();
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const stream of batch) stream.flush();
  };
}

export const flushes = new FlushScheduler();

/** At most one flush of all streams per `ms` milliseconds (0: once per event-loop turn). */
export function setFlushInterval(ms: number): void {
  flushes.intervalMs = ms;
}
