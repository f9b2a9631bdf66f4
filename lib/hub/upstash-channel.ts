// One channel's live side on this instance: a single Redis subscription shared by every local reader,
// kept gapless across drops (resubscribe, then fill the gap from the stream), fanned out in cursor order.
import { type Backoff, backoffMs } from "@/lib/backoff";
import { messageOf } from "@/lib/errors";
import { type Cursor, compareCursors, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { envelopeJson } from "@/lib/events/sse";
import { resetEvent } from "./reset";

export interface StreamInfo {
  lastId: Cursor;
  /** The newest id trimmed from the stream ("0-0" when none was). */
  trimmedThrough: Cursor;
  firstId: Cursor | null;
}

export interface SubscriptionHandlers {
  confirmed(): void;
  message(raw: unknown): void;
  ended(error: Error | null): void;
}

/** What a channel needs from Redis (the hub provides it). */
export interface ChannelBackend {
  /** Opens the pub/sub subscription; the returned function closes it. */
  subscribe(channel: string, handlers: SubscriptionHandlers): () => void;
  parse(channel: string, raw: unknown): Envelope | null;
  info(channel: string): Promise<StreamInfo | null>;
  /** Up to `count` entries after `after`, oldest first. */
  range(channel: string, after: Cursor, count: number): Promise<Envelope[]>;
  pageSize: number;
}

/** Live events a reader buffers while it replays history; past this it re-reads the stream instead. */
const MAX_BUFFERED = 10_000;
/**
 * Recent events a channel keeps in memory, so readers that join or reconnect from a recent cursor — the
 * common case — replay without a Redis request.
 */
const RECENT_EVENTS = 1000;
/** …and at most this many bytes of them (the JSON is computed once per event anyway, for SSE). */
const RECENT_BYTES = 256 * 1024;

/** Waits between attempts to resubscribe or to replay: 100 ms, doubling, at most 5 s. */
export const RETRY: Backoff = { baseMs: 100, maxMs: 5000 };
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const after = (a: Cursor, b: Cursor | null) => b === null || compareCursors(a, b) > 0;

export class Reader {
  cursor: Cursor | null = null;
  replaying = true;
  closed = false;
  private buffer: Envelope[] = [];
  /** Live events were dropped from the buffer: the replay must read the stream again up to now. */
  overflowed = false;

  constructor(
    private readonly onEvent: (event: Envelope) => void,
    private readonly onLive?: () => void,
  ) {}

  offer(event: Envelope): void {
    if (this.closed) return;
    if (!this.replaying) {
      this.deliver(event);
      return;
    }
    if (this.buffer.length >= MAX_BUFFERED) {
      this.buffer = [];
      this.overflowed = true;
    } else this.buffer.push(event);
  }

  /** Delivers in cursor order, dropping anything at or below what this reader already has. */
  deliver(event: Envelope): void {
    if (this.closed || !after(event.id, this.cursor)) return;
    this.cursor = event.id;
    this.emit(event);
  }

  /** A synthetic `stream.reset`: the reader continues from its id. */
  reset(event: Envelope): void {
    this.cursor = event.id;
    this.emit(event);
  }

  goLive(): void {
    this.replaying = false;
    const buffered = this.buffer;
    this.buffer = [];
    for (const event of buffered) this.deliver(event);
    if (!this.closed) this.onLive?.();
  }

  private emit(event: Envelope): void {
    try {
      this.onEvent(event);
    } catch (error) {
      // One broken reader must not stop delivery to the others.
      console.error("hub listener failed", error);
    }
  }
}

type State = "connecting" | "filling" | "live" | "closed";

export class LiveChannel {
  readonly readers = new Set<Reader>();
  /** The newest cursor dispatched to readers: every later event reaches them, in order, exactly once. */
  lastCursor: Cursor | null = null;
  private state: State = "connecting";
  private pending: Envelope[] = [];
  /** The events after `recentFloor` up to `lastCursor`, all of them, in order (from `recentStart` on). */
  private recent: (Envelope | undefined)[] = [];
  private recentStart = 0;
  private recentFloor: Cursor | null = null;
  private recentBytes = 0;
  private pendingOverflow = false;
  private waiters: (() => void)[] = [];
  private closeSubscription: (() => void) | null = null;
  private generation = 0;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly name: string,
    private readonly backend: ChannelBackend,
  ) {
    this.connect();
  }

  get live(): boolean {
    return this.state === "live";
  }

  /** Resolves once the subscription is established and caught up (at once when it already is). */
  ready(): Promise<void> {
    if (this.state === "live" || this.state === "closed") return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.state = "closed";
    this.generation++;
    this.closeSubscription?.();
    this.closeSubscription = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private connect(): void {
    const generation = ++this.generation;
    const current = () => generation === this.generation && this.state !== "closed";
    this.state = "connecting";
    this.closeSubscription = this.backend.subscribe(this.name, {
      confirmed: () => {
        if (current()) void this.catchUp(generation);
      },
      message: (raw) => {
        if (current()) this.onMessage(raw);
      },
      ended: (error) => {
        if (!current()) return;
        console.warn(`hub: subscription to ${this.name} ended${error ? ` (${error.message})` : ""}; resubscribing`);
        this.reconnect();
      },
    });
  }

  private reconnect(): void {
    this.generation++;
    this.closeSubscription?.();
    this.closeSubscription = null;
    this.state = "connecting";
    const wait = backoffMs(this.attempt++, RETRY);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state !== "closed") this.connect();
    }, wait);
  }

  /**
   * The subscription is confirmed: from here every publish reaches us. What was published before it —
   * since the last cursor dispatched, if the channel was live before — comes from the stream.
   */
  private async catchUp(generation: number): Promise<void> {
    this.state = "filling";
    try {
      const info = await this.backend.info(this.name);
      if (generation !== this.generation) return;
      if (this.lastCursor === null) {
        // First subscription: readers replay their own history; the channel starts from the stream's end.
        this.lastCursor = info?.lastId ?? ORIGIN;
        this.recentFloor = this.lastCursor;
      } else if (info && compareCursors(this.lastCursor, info.trimmedThrough) < 0) {
        // Events published while unsubscribed were trimmed before we could read them.
        this.resetReaders(info.lastId, "events were trimmed while the channel was reconnecting");
      } else {
        await this.fill(generation);
      }
      while (this.pendingOverflow && generation === this.generation) {
        this.pendingOverflow = false;
        await this.fill(generation);
      }
      if (generation !== this.generation) return;
      const pending = this.pending;
      this.pending = [];
      for (const event of pending) this.dispatch(event);
      this.state = "live";
      this.attempt = 0;
      for (const resolve of this.waiters.splice(0)) resolve();
    } catch (error) {
      if (generation !== this.generation) return;
      console.warn(`hub: catching up ${this.name} failed (${messageOf(error)}); resubscribing`);
      this.reconnect();
    }
  }

  private async fill(generation: number): Promise<void> {
    for (;;) {
      const page = await this.backend.range(this.name, this.lastCursor ?? ORIGIN, this.backend.pageSize);
      if (generation !== this.generation) return;
      for (const event of page) this.dispatch(event);
      if (page.length < this.backend.pageSize) return;
    }
  }

  private onMessage(raw: unknown): void {
    const event = this.backend.parse(this.name, raw);
    if (!event) return;
    if (this.state === "live") {
      this.dispatch(event);
      return;
    }
    if (this.pending.length >= MAX_BUFFERED) {
      this.pending = [];
      this.pendingOverflow = true;
    } else this.pending.push(event);
  }

  private dispatch(event: Envelope): void {
    if (!after(event.id, this.lastCursor)) return;
    this.lastCursor = event.id;
    this.remember(event);
    for (const reader of this.readers) reader.offer(event);
  }

  private remember(event: Envelope): void {
    this.recent.push(event);
    this.recentBytes += envelopeJson(event).length;
    while (this.recent.length - this.recentStart > RECENT_EVENTS || this.recentBytes > RECENT_BYTES) {
      const oldest = this.recent[this.recentStart]!;
      this.recentFloor = oldest.id;
      this.recentBytes -= envelopeJson(oldest).length;
      this.recent[this.recentStart++] = undefined;
    }
    if (this.recentStart >= RECENT_EVENTS) {
      this.recent = this.recent.slice(this.recentStart);
      this.recentStart = 0;
    }
  }

  /**
   * Every event after `cursor` that this channel has dispatched, when its recent memory reaches back that
   * far (so nothing after `cursor` is missing from it); null when the stream must be read instead.
   */
  since(cursor: Cursor): Envelope[] | null {
    if (this.recentFloor === null || this.lastCursor === null) return null;
    if (compareCursors(cursor, this.recentFloor) < 0 || compareCursors(cursor, this.lastCursor) > 0) return null;
    let lo = this.recentStart;
    let hi = this.recent.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCursors(this.recent[mid]!.id, cursor) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return this.recent.slice(lo).filter((event): event is Envelope => event !== undefined);
  }

  private resetReaders(id: Cursor, reason: string): void {
    this.lastCursor = id;
    this.recent = [];
    this.recentStart = 0;
    this.recentBytes = 0;
    this.recentFloor = id;
    const event = resetEvent(this.name, id, reason);
    for (const reader of this.readers) if (!reader.replaying) reader.reset(event);
  }
}
