// When a reader's cursor cannot simply continue in a channel, and the synthetic `stream.reset` event
// that tells it so: one rule and one event shape for every hub.
import { type Cursor, compareCursors, ORIGIN } from "@/lib/events/cursor";
import type { EventOf } from "@/lib/events/schemas";

/** What a channel holds, as far as deciding whether a cursor can continue in it needs. */
export interface RetainedRange {
  /** The newest cursor of the channel; null when it holds no event. */
  last: Cursor | null;
  /** The newest cursor removed from its history; null when nothing was. */
  trimmedThrough: Cursor | null;
  /**
   * Cursors below this come from before the channel began here (another epoch); null when unknown —
   * then only a channel that holds events can tell a reader it is merely ahead.
   */
  floor: Cursor | null;
  /** Why a cursor below the floor is from another epoch, in the hub's own terms (e.g. "server restarted"). */
  epoch: string;
}

/** Why a reader at `after` cannot simply continue in the channel, or null when it can. */
export function resetReason(after: Cursor, range: RetainedRange): string | null {
  const { last, trimmedThrough, floor } = range;
  if (after === ORIGIN) return trimmedThrough ? "history before the cursor was trimmed" : null;
  const ahead = last ? compareCursors(after, last) > 0 : floor !== null && compareCursors(after, floor) >= 0;
  if (ahead) return "cursor is ahead of this channel (another epoch)";
  if (trimmedThrough) return compareCursors(after, trimmedThrough) < 0 ? "cursor is older than retained history" : null;
  if (last === null || (floor !== null && compareCursors(after, floor) < 0)) {
    return `cursor is from another epoch (${range.epoch})`;
  }
  return null;
}

/** The synthetic event a reset reader receives: its id is the cursor to continue from. */
export function resetEvent(channel: string, cursor: Cursor, reason: string, at: number = Date.now()): EventOf<"stream.reset"> {
  return { id: cursor, channel, type: "stream.reset", ts: new Date(at).toISOString(), data: { reason, cursor } };
}
