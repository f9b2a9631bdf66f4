// The in-process hub: per-channel ring buffer of recent events and a set of live subscribers.
import { type Cursor, compareCursors, nextCursor, ORIGIN } from "@/lib/events/cursor";
import type { Envelope, EventInput } from "@/lib/events/envelope";
import { envelopeJson } from "@/lib/events/sse";
import { timedPublish } from "@/lib/telemetry/hub-meter";
import { resetEvent, resetReason } from "./reset";
import type { Hub, HubStats, SubscribeOptions, Unsubscribe } from "./types";

export interface MemoryHubOptions {
  /** Events retained per channel. */
  history: number;
  /** Bytes of envelope JSON retained per channel (whichever bound is hit first). */
  historyBytes: number;
  /** A channel with no subscriber and no event for this long is forgotten. */
  idleMs: number;
  now?: () => number;
}

type Listener = (event: Envelope) => void;

class Channel {
  /** Retained events are `events[head..]`; the dead prefix is compacted away now and then. */
  private events: (Envelope | undefined)[] = [];
  private head = 0;
  bytes = 0;
  lastId: Cursor | null = null;
  /** The newest cursor dropped from history; readers behind it have missed events. */
  evictedThrough: Cursor | null = null;
  /** Cursors below this come from before the channel existed here (a restart, or a forgotten channel). */
  readonly floor: Cursor;
  readonly floorMs: number;
  lastActivity: number;
  readonly listeners = new Set<Listener>();

  constructor(
    private readonly capacity: number,
    private readonly maxBytes: number,
    now: number,
  ) {
    this.floorMs = now;
    this.floor = `${now}-0`;
    this.lastActivity = now;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  at(i: number): Envelope {
    const event = this.events[this.head + i];
    if (!event) throw new RangeError(`no retained event at ${i} (${this.size} retained)`);
    return event;
  }

  push(event: Envelope): void {
    this.events.push(event);
    this.bytes += envelopeJson(event).length;
    this.lastId = event.id;
    while (this.size > this.capacity || (this.bytes > this.maxBytes && this.size > 1)) this.evictOldest();
  }

  private evictOldest(): void {
    const oldest = this.at(0);
    this.events[this.head] = undefined;
    this.head++;
    this.bytes -= envelopeJson(oldest).length;
    this.evictedThrough = oldest.id;
    if (this.head >= 1024 && this.head * 2 >= this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  /** Index of the first retained event with id > cursor (binary search; ids are increasing). */
  firstAfter(cursor: Cursor): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCursors(this.at(mid).id, cursor) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Why a reader at `after` cannot simply continue here, or null when it can. */
  resetReason(after: Cursor): string | null {
    return resetReason(after, {
      last: this.lastId,
      trimmedThrough: this.evictedThrough,
      floor: this.floor,
      epoch: "server restarted",
    });
  }
}

export class MemoryHub implements Hub {
  private readonly channels = new Map<string, Channel>();
  private readonly now: () => number;
  private publishesSinceSweep = 0;

  constructor(private readonly options: MemoryHubOptions) {
    this.now = options.now ?? Date.now;
  }

  private channel(name: string): Channel {
    let ch = this.channels.get(name);
    if (!ch) {
      ch = new Channel(this.options.history, this.options.historyBytes, this.now());
      this.channels.set(name, ch);
    }
    return ch;
  }

  async publish(channel: string, event: EventInput): Promise<Envelope> {
    const [published] = await timedPublish("memory", async () => this.append(channel, [event]));
    return published!;
  }

  async publishBatch(channel: string, events: EventInput[]): Promise<Envelope[]> {
    return timedPublish("memory", async () => this.append(channel, events));
  }

  private append(name: string, inputs: EventInput[]): Envelope[] {
    const ch = this.channel(name);
    // Never below the channel's floor, even if the wall clock steps back.
    const now = Math.max(this.now(), ch.floorMs);
    const published: Envelope[] = [];
    let last = ch.lastId;
    for (const input of inputs) {
      last = nextCursor(last, now);
      const envelope: Envelope = { id: last, channel: name, type: input.type, ts: new Date(now).toISOString(), data: input.data };
      // Serialised (and cached for every reader) before anything enters history: an event that
      // cannot be written as JSON throws here and leaves the channel as it was.
      envelopeJson(envelope);
      published.push(envelope);
    }
    for (const envelope of published) ch.push(envelope);
    ch.lastActivity = now;
    for (const envelope of published) {
      for (const listener of ch.listeners) {
        try {
          listener(envelope);
        } catch (error) {
          // One broken reader must not stop delivery to the others.
          console.error("hub listener failed", error);
        }
      }
    }
    if (++this.publishesSinceSweep >= 1000) this.sweep();
    return published;
  }

  async read(channel: string, options: { after?: Cursor; limit: number }): Promise<Envelope[]> {
    const ch = this.channels.get(channel);
    if (!ch) return [];
    const from = options.after ? ch.firstAfter(options.after) : 0;
    const out: Envelope[] = [];
    for (let i = from; i < ch.size && out.length < options.limit; i++) out.push(ch.at(i));
    return out;
  }

  subscribe(channel: string, options: SubscribeOptions, onEvent: Listener): Unsubscribe {
    const ch = this.channel(channel);
    if (options.after !== undefined) {
      const reset = ch.resetReason(options.after);
      if (reset) {
        onEvent(resetEvent(channel, ch.lastId ?? ORIGIN, reset, this.now()));
      } else {
        // Replay and registration happen in one synchronous step: nothing can be published between.
        for (let i = ch.firstAfter(options.after); i < ch.size; i++) onEvent(ch.at(i));
      }
    }
    ch.listeners.add(onEvent);
    options.onLive?.();
    return () => {
      ch.listeners.delete(onEvent);
      ch.lastActivity = this.now();
    };
  }

  async head(channel: string): Promise<Cursor | null> {
    return this.channels.get(channel)?.lastId ?? null;
  }

  stats(): HubStats {
    let subscribers = 0;
    for (const ch of this.channels.values()) subscribers += ch.listeners.size;
    return { kind: "memory", channels: this.channels.size, subscribers };
  }

  /** Forgets channels nobody watches and nobody has written to for `idleMs`. */
  sweep(): void {
    this.publishesSinceSweep = 0;
    const cutoff = this.now() - this.options.idleMs;
    for (const [name, ch] of this.channels) {
      if (ch.listeners.size === 0 && ch.lastActivity < cutoff) this.channels.delete(name);
    }
  }
}
