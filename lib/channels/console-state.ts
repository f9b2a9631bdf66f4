// What the channel console keeps of a stream, and what it shows of it. Pure; the stream reducer
// guarantees order and no duplicates.
import { compareCursors } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";

export const CONSOLE_CAPACITY = 2000;

export interface ConsoleState {
  /** Newest last, at most CONSOLE_CAPACITY. */
  events: Envelope[];
  /** Events received since the page opened (including ones no longer kept). */
  received: number;
  resets: number;
}

export const emptyConsole: ConsoleState = { events: [], received: 0, resets: 0 };

export function applyConsoleEvent(state: ConsoleState, event: Envelope): ConsoleState {
  if (event.type === "stream.reset") return { ...state, resets: state.resets + 1 };
  const events = state.events.length >= CONSOLE_CAPACITY ? state.events.slice(1 - CONSOLE_CAPACITY) : state.events.slice();
  events.push(event);
  return { events, received: state.received + 1, resets: state.resets };
}

/** Where the view was paused: undefined while it follows the stream, null if paused before any event, else the last cursor shown. */
export type PausedAt = string | null | undefined;

const arrivedAfter = (e: Envelope, pausedAt: string | null) => pausedAt === null || compareCursors(e.id, pausedAt) > 0;

/** The events on show: those that match the filter, and while paused only those that came before the pause. */
export function visibleEvents(state: ConsoleState, pausedAt: PausedAt, match: ((type: string) => boolean) | null): Envelope[] {
  return state.events.filter((e) => (pausedAt === undefined || !arrivedAfter(e, pausedAt)) && (!match || match(e.type)));
}

/** Events that arrived since the view was paused (0 while it follows the stream). */
export function pendingCount(state: ConsoleState, pausedAt: PausedAt): number {
  return pausedAt === undefined ? 0 : state.events.filter((e) => arrivedAfter(e, pausedAt)).length;
}
