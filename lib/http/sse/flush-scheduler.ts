// When a stream's frames go out. Adaptive: while the server keeps up, a frame for a reader that is waiting
// is written at once, in the same turn that published it (no latency beyond the floor's); once delivering
// one event to every reader costs more than half the time between events, streams with frames to send are
// flushed together once per turn of the event loop instead, so events published meanwhile join the same
// chunk and the per-chunk cost of response streams stays proportional to connections, not to
// connections × events. A configured interval (PARLEY_STREAM_FLUSH_MS) always coalesces.

export interface Flushable {
  flush(): void;
}

/** Delivery may take at most 1/BUSY_FACTOR of the time between passes before the scheduler coalesces. */
export const BUSY_FACTOR = 2;
/** While coalescing, one pass this often is written at once to measure its cost again (the load may have dropped). */
export const PROBE_EVERY_MS = 1000;

export class FlushScheduler {
  private readonly dirty = new Set<Flushable>();
  private scheduled = false;
  private lastFlush = 0;
  /** At most one flush of all streams per this many milliseconds (0: adaptive, see above). */
  intervalMs = 0;
  /** The synchronous pass under way (one publish handed to every reader), and what was decided for it. */
  private passOpen = false;
  private passDirect = false;
  private lastPassAt = Number.NEGATIVE_INFINITY;
  private lastProbeAt = Number.NEGATIVE_INFINITY;
  /** What a pass written at once costs, until the event loop comes round again (ms; see writeNow). */
  costMs = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Whether a frame for a waiting reader is written now. Every frame of one synchronous pass gets the same
   * answer; a pass written at once is timed until the loop's next turn.
   */
  writeNow(): boolean {
    if (this.intervalMs > 0 || this.scheduled) return false;
    if (this.passOpen) return this.passDirect;
    const now = this.now();
    const gap = now - this.lastPassAt;
    this.lastPassAt = now;
    this.passOpen = true;
    queueMicrotask(this.closePass);
    this.passDirect = gap >= BUSY_FACTOR * this.costMs || now - this.lastProbeAt >= PROBE_EVERY_MS;
    if (this.passDirect) {
      this.lastProbeAt = now;
      setImmediate(() => {
        const cost = this.now() - now;
        // Down at once (a lighter load is written at once from the next pass), up gradually (one turn
        // lengthened by other work does not switch to coalescing).
        this.costMs = cost <= this.costMs || this.costMs === 0 ? cost : 0.7 * this.costMs + 0.3 * cost;
      });
    }
    return this.passDirect;
  }

  private readonly closePass = (): void => {
    this.passOpen = false;
  };

  /** Flushes `stream` with the next batch. */
  schedule(stream: Flushable): void {
    this.dirty.add(stream);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlush + this.intervalMs - this.now();
    if (wait > 0) setTimeout(this.flushAll, wait);
    else setImmediate(this.flushAll);
  }

  /** Forgets `stream` (it closed). */
  cancel(stream: Flushable): void {
    this.dirty.delete(stream);
  }

  private readonly flushAll = (): void => {
    this.scheduled = false;
    this.lastFlush = this.now();
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const stream of batch) stream.flush();
  };
}

export const flushes = new FlushScheduler();

/** At most one flush of all streams per `ms` milliseconds (0: adaptive). */
export function setFlushInterval(ms: number): void {
  flushes.intervalMs = ms;
}
