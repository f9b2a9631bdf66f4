// The tap's buffer between callers' streams and the hub. A caller's stream only ever *offers* an event
// here — it never waits for the hub — and one batch per channel is in flight at a time, so each channel
// keeps its order. The buffer is bounded in bytes: past the bound, text deltas are dropped (and counted),
// never the caller's bytes; lifecycle events get twice the room before they are dropped too.
import type { EventInput } from "@/lib/events/envelope";

export interface TapCounters {
  /** Events the hub accepted. */
  published: number;
  /** Text deltas dropped because the buffer was full (the callers still got every byte). */
  dropped_deltas: number;
  /** Lifecycle events dropped because the buffer stayed full even at twice its bound. */
  dropped_events: number;
  /** Batches the hub refused or did not accept in time. */
  publish_failures: number;
  /** Bytes waiting or in flight right now. */
  queued_bytes: number;
}

export type PublishBatch = (channel: string, events: EventInput[]) => Promise<unknown>;

interface Queued {
  event: EventInput;
  bytes: number;
}

/** A batch the hub has not accepted after this long counts as failed, so a stuck hub cannot wedge a channel. */
const PUBLISH_TIMEOUT_MS = 10_000;
const MAX_BATCH = 100;

export class TapQueue {
  readonly counters: TapCounters = { published: 0, dropped_deltas: 0, dropped_events: 0, publish_failures: 0, queued_bytes: 0 };
  private readonly pending = new Map<string, Queued[]>();
  private readonly draining = new Set<string>();
  private lastFailureLog = 0;

  constructor(
    private readonly publishBatch: PublishBatch,
    private readonly maxBytes: number,
  ) {}

  /** Queues an event for `channel`; false when it was dropped for lack of room. Never blocks, never throws. */
  offer(channel: string, event: EventInput, options: { droppable: boolean }): boolean {
    const bytes = approximateBytes(event);
    const room = options.droppable ? this.maxBytes : this.maxBytes * 2;
    if (this.counters.queued_bytes + bytes > room) {
      if (options.droppable) this.counters.dropped_deltas++;
      else this.counters.dropped_events++;
      return false;
    }
    this.counters.queued_bytes += bytes;
    let list = this.pending.get(channel);
    if (!list) {
      list = [];
      this.pending.set(channel, list);
    }
    list.push({ event, bytes });
    if (!this.draining.has(channel)) {
      this.draining.add(channel);
      // After the caller's current chunk has gone out: the tap's work never runs ahead of the caller's.
      setImmediate(() => this.drain(channel));
    }
    return true;
  }

  /** Resolves once everything offered so far has been handed to the hub (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.draining.size > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private drain(channel: string): void {
    const list = this.pending.get(channel);
    if (!list || list.length === 0) {
      this.pending.delete(channel);
      this.draining.delete(channel);
      return;
    }
    const batch = list.splice(0, MAX_BATCH);
    const bytes = batch.reduce((n, q) => n + q.bytes, 0);
    withTimeout(
      this.publishBatch(
        channel,
        batch.map((q) => q.event),
      ),
      PUBLISH_TIMEOUT_MS,
    )
      .then(
        () => {
          this.counters.published += batch.length;
        },
        (error: unknown) => this.failed(error),
      )
      .finally(() => {
        this.counters.queued_bytes -= bytes;
        this.drain(channel);
      });
  }

  private failed(error: unknown): void {
    this.counters.publish_failures++;
    // One line a minute at most: a hub outage must not flood the log from every stream.
    if (Date.now() - this.lastFailureLog > 60_000) {
      this.lastFailureLog = Date.now();
      console.error("the gateway tap could not publish to the hub (events dropped; callers unaffected)", error);
    }
  }
}

function approximateBytes(event: EventInput): number {
  const data = event.data;
  const text = typeof data === "object" && data !== null && "text" in data && typeof data.text === "string" ? data.text : "";
  return 256 + text.length * 2;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not accept a batch within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
