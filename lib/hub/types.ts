// The event hub contract (DESIGN.md "The hub"), implemented in memory and over Redis (Upstash REST).
import type { Cursor } from "@/lib/events/cursor";
import type { Envelope, EventInput } from "@/lib/events/envelope";

export type Unsubscribe = () => void;

export interface SubscribeOptions {
  /**
   * Deliver events after this cursor first (replay), then live. Absent: live only, from now — for a
   * hub on another server, from the moment its subscription is established (see `onLive`).
   */
  after?: Cursor;
  /** Called once replay is done and live delivery has begun (at once for the memory hub). */
  onLive?: () => void;
}

export interface HubStats {
  kind: "memory" | "upstash";
  /** Channels this instance holds: all of them (memory), or those it has live readers on (upstash). */
  channels: number;
  subscribers: number;
  /**
   * What the hub's retained history costs, against `maxBytes`: the memory hub's exact estimate of the heap
   * it holds; the upstash hub's count of the bytes its streams hold in Redis as of this instance's last
   * publish (null before it has published).
   */
  retainedBytes: number | null;
  maxBytes: number;
  /** History dropped to stay within `maxBytes` (by this instance's publishes, for upstash). */
  evictedBytes: number;
}

export interface Hub {
  /** Appends one event; assigns its cursor and timestamp. Never waits for a subscriber. */
  publish(channel: string, event: EventInput): Promise<Envelope>;
  /** Appends several events contiguously (no other event of the channel lands between them). */
  publishBatch(channel: string, events: EventInput[]): Promise<Envelope[]>;
  /** Retained history after `after`, oldest first. */
  read(channel: string, options: { after?: Cursor; limit: number }): Promise<Envelope[]>;
  /**
   * Replays retained events after `options.after`, then delivers live ones: no gap, no duplicate.
   * If `after` is older than retained history or from another epoch, the first delivery is a
   * synthetic `stream.reset` whose id is the cursor to continue from.
   */
  subscribe(channel: string, options: SubscribeOptions, onEvent: (event: Envelope) => void): Unsubscribe;
  /** The newest cursor of the channel, or null when it has no event. */
  head(channel: string): Promise<Cursor | null>;
  stats(): HubStats;
  /** Whether the store behind the hub answers (absent: there is none to ask). */
  ping?(): Promise<boolean>;
}
