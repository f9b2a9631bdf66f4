// What the in-process hub may keep: the cost of every channel and retained event, bounded by one budget
// for the whole process. Every step is O(1) per event or per channel it touches — no scan of all channels:
// idle channels sit in two lists ordered by when they last became idle or active (a Map keeps insertion
// order), and channels holding history sit in buckets by the power of two of their size.
import { CHANNEL_COST, type Channel } from "./memory-channel";

/** Size buckets: a channel of `bytes` sits in bucket ⌊log2(bytes)⌋ (32 cover every size a process can hold). */
const BUCKETS = 32;
const bucketOf = (bytes: number) => (bytes <= 0 ? -1 : bytes >= 2 ** 31 ? BUCKETS - 1 : 31 - Math.clz32(bytes));

export class Retention {
  /** What every channel and retained event costs, estimated (see eventCost and CHANNEL_COST). */
  total = 0;
  /** History dropped to keep within the budget (not counting per-channel trimming), for the metrics. */
  evicted = 0;
  /** Idle channels that hold history, least recently active first. */
  private readonly idle = new Map<string, Channel>();
  /** Idle channels that hold none (their cursors kept so their readers reset exactly), first emptied first. */
  private readonly empty = new Map<string, Channel>();
  private readonly buckets: Set<Channel>[] = Array.from({ length: BUCKETS }, () => new Set());

  constructor(
    readonly maxBytes: number,
    /** Removes a channel from the hub altogether. */
    private readonly forgetChannel: (channel: Channel) => void,
  ) {}

  created(): void {
    this.total += CHANNEL_COST;
  }

  /** The channel's history grew or shrank by `delta`. */
  resized(channel: Channel, delta: number): void {
    this.total += delta;
    const bucket = bucketOf(channel.bytes);
    if (bucket === channel.bucket) return;
    if (channel.bucket >= 0) this.buckets[channel.bucket]!.delete(channel);
    if (bucket >= 0) this.buckets[bucket]!.add(channel);
    channel.bucket = bucket;
  }

  /**
   * Files the channel by what it is now — watched, idle with history, idle without — as the most recent of
   * its kind (call it when it was active: published to, subscribed, unsubscribed).
   */
  place(channel: Channel, now: number): void {
    const placement = channel.listeners.size > 0 ? null : channel.bytes > 0 ? "idle" : "empty";
    if (channel.placement) this.list(channel.placement).delete(channel.name);
    if (placement) this.list(placement).set(channel.name, channel);
    channel.placement = placement;
    channel.placedAt = now;
  }

  /**
   * Brings the total within the budget: the history of the least recently active idle channels first, then
   * idle channels themselves (their cursors), then the oldest events of the largest channels. `keep` (the
   * channel being published to) is never forgotten, so the cursors it just handed out stay its own.
   */
  enforce(now: number, keep: Channel): void {
    for (const channel of this.idle.values()) {
      if (this.total <= this.maxBytes) return;
      const freed = channel.dropAll();
      this.evicted += freed;
      this.resized(channel, -freed);
      this.place(channel, now);
    }
    for (const channel of this.empty.values()) {
      if (this.total <= this.maxBytes) return;
      if (channel !== keep) this.forget(channel);
    }
    while (this.total > this.maxBytes) {
      const largest = this.largest();
      if (!largest) return;
      const bucket = largest.bucket;
      while (this.total > this.maxBytes && largest.bucket === bucket) {
        const freed = largest.dropOldest();
        this.evicted += freed;
        this.resized(largest, -freed);
      }
    }
  }

  /** Forgets idle channels that have been idle since before `cutoff`. */
  sweep(cutoff: number): void {
    for (const list of [this.idle, this.empty]) {
      for (const channel of list.values()) {
        if (channel.placedAt >= cutoff) break;
        this.forget(channel);
      }
    }
  }

  forget(channel: Channel): void {
    if (channel.placement) this.list(channel.placement).delete(channel.name);
    channel.placement = null;
    this.resized(channel, -channel.dropAll());
    this.total -= CHANNEL_COST;
    this.forgetChannel(channel);
  }

  private largest(): Channel | undefined {
    for (let b = BUCKETS - 1; b >= 0; b--) {
      const first = this.buckets[b]!.values().next();
      if (!first.done) return first.value;
    }
    return undefined;
  }

  private list(placement: "idle" | "empty"): Map<string, Channel> {
    return placement === "idle" ? this.idle : this.empty;
  }
}
