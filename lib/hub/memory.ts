// The in-process hub: per-channel history of recent events and a set of live subscribers, everything it
// retains bounded by one budget for the process (memory-retention.ts).
import { type Cursor, nextCursor, ORIGIN } from "@/lib/events/cursor";
import type { Envelope, EventInput } from "@/lib/events/envelope";
import { envelopeJson } from "@/lib/events/sse";
import { timedPublish } from "@/lib/telemetry/hub-meter";
import { Channel } from "./memory-channel";
import { Retention } from "./memory-retention";
import { resetEvent } from "./reset";
import type { Hub, HubStats, SubscribeOptions, Unsubscribe } from "./types";

export interface MemoryHubOptions {
  /** Events retained per channel. */
  history: number;
  /** What one channel's history may cost (see eventCost), whichever bound is hit first; its newest event stays. */
  historyBytes: number;
  /**
   * What every channel and its history may cost together. Beyond it the hub drops the history of the least
   * recently active unwatched channels first, then forgets unwatched channels, then drops the oldest events
   * of the largest ones.
   */
  maxBytes: number;
  /** A channel with no subscriber and no event for this long is forgotten. */
  idleMs: number;
  now?: () => number;
}

type Listener = (event: Envelope) => void;

/** Publishes between sweeps for channels idle longer than `idleMs`. */
const SWEEP_EVERY = 1000;

export class MemoryHub implements Hub {
  private readonly channels = new Map<string, Channel>();
  private readonly retention: Retention;
  private readonly now: () => number;
  private publishesSinceSweep = 0;
  private subscribers = 0;

  constructor(private readonly options: MemoryHubOptions) {
    this.now = options.now ?? Date.now;
    this.retention = new Retention(options.maxBytes, (channel) => this.channels.delete(channel.name));
  }

  private channel(name: string): Channel {
    let ch = this.channels.get(name);
    if (!ch) {
      ch = new Channel(name, this.now());
      this.channels.set(name, ch);
      this.retention.created();
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
    this.retain(ch, published, now);
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
    if (++this.publishesSinceSweep >= SWEEP_EVERY) this.sweep();
    return published;
  }

  /** Adds the events to the channel's history, then brings the channel and the hub within their bounds. */
  private retain(ch: Channel, events: Envelope[], now: number): void {
    let delta = 0;
    for (const envelope of events) delta += ch.append(envelope, envelopeJson(envelope));
    while (ch.size > this.options.history || (ch.bytes > this.options.historyBytes && ch.size > 1)) delta -= ch.dropOldest();
    this.retention.resized(ch, delta);
    ch.lastActivity = now;
    this.retention.place(ch, now);
    if (this.retention.total > this.retention.maxBytes) this.retention.enforce(now, ch);
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
    const before = ch.listeners.size;
    ch.listeners.add(onEvent);
    this.subscribers += ch.listeners.size - before;
    this.retention.place(ch, this.now());
    options.onLive?.();
    return () => {
      if (!ch.listeners.delete(onEvent)) return;
      this.subscribers--;
      ch.lastActivity = this.now();
      // A channel forgotten meanwhile cannot have been: it had this listener.
      this.retention.place(ch, ch.lastActivity);
    };
  }

  async head(channel: string): Promise<Cursor | null> {
    return this.channels.get(channel)?.lastId ?? null;
  }

  stats(): HubStats {
    return {
      kind: "memory",
      channels: this.channels.size,
      subscribers: this.subscribers,
      retainedBytes: this.retention.total,
      maxBytes: this.retention.maxBytes,
      evictedBytes: this.retention.evicted,
    };
  }

  /** Forgets channels nobody watches and nobody has written to for `idleMs`. */
  sweep(): void {
    this.publishesSinceSweep = 0;
    this.retention.sweep(this.now() - this.options.idleMs);
  }
}
