// What the channel console keeps of a stream. Pure; the hook guarantees order and no duplicates.
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
