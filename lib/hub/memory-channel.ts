// One channel of the in-process hub: its retained events (oldest first), what they cost the process, its
// cursors and its live listeners.
import { type Cursor, compareCursors } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { resetReason } from "./reset";

/** What a channel costs beyond its events: the object, its arrays, its listener set, the hub's map entries. */
export const CHANNEL_COST = 1024;

/**
 * What a retained event costs the process, estimated from the length of its JSON: the parsed data, the JSON
 * text (cached for every reader) and the SSE frame encoded from it each take about that length, plus the
 * envelope object with its id and timestamp strings. Measured on Node 22: a 60 KB event holds 2.0× its JSON
 * on the heap and its frame (1×) outside it; a small one about 420 bytes beyond its JSON, its frame ~130 more.
 */
export function eventCost(json: string): number {
  return 3 * json.length + 450;
}

type Listener = (event: Envelope) => void;

/** Which of the hub's idle lists holds a channel: with history, without any, or neither (it is watched). */
export type Placement = "idle" | "empty" | null;

export class Channel {
  /** Retained events are `events[head..]`; the dead prefix is compacted away now and then. */
  private events: (Envelope | undefined)[] = [];
  private costs: number[] = [];
  private head = 0;
  /** What the retained events cost (see eventCost). */
  bytes = 0;
  lastId: Cursor | null = null;
  /** The newest cursor dropped from history; readers behind it have missed events. */
  evictedThrough: Cursor | null = null;
  /** Cursors below this come from before the channel existed here (a restart, or a forgotten channel). */
  readonly floor: Cursor;
  readonly floorMs: number;
  lastActivity: number;
  readonly listeners = new Set<Listener>();
  /** Bookkeeping of the hub's retention (memory-retention.ts). */
  placement: Placement = null;
  placedAt = 0;
  bucket = -1;

  constructor(
    readonly name: string,
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

  /** Appends an event whose JSON is `json`; returns what it costs. */
  append(event: Envelope, json: string): number {
    const cost = eventCost(json);
    this.events.push(event);
    this.costs.push(cost);
    this.bytes += cost;
    this.lastId = event.id;
    return cost;
  }

  /** Drops the oldest retained event; returns what that freed. */
  dropOldest(): number {
    const oldest = this.at(0);
    const cost = this.costs[this.head]!;
    this.events[this.head] = undefined;
    this.head++;
    this.bytes -= cost;
    this.evictedThrough = oldest.id;
    if (this.head >= 1024 && this.head * 2 >= this.events.length) {
      this.events = this.events.slice(this.head);
      this.costs = this.costs.slice(this.head);
      this.head = 0;
    }
    return cost;
  }

  /** Drops every retained event, keeping the cursors (readers behind the last one reset exactly); returns what that freed. */
  dropAll(): number {
    const freed = this.bytes;
    if (this.size > 0) this.evictedThrough = this.lastId;
    this.events = [];
    this.costs = [];
    this.head = 0;
    this.bytes = 0;
    return freed;
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
