// What every dialect is (DESIGN.md "Dialects"): a pure view of Parley's events as one seed document's
// frames. lib/http/sse/dialect-stream.ts serves any of them with Parley's guarantees (cursors, resume,
// caps, grants); a dialect only says what each event looks like and what its keepalive is called.
import type { Envelope } from "@/lib/events/envelope";

/** One SSE frame of a dialect: named (`addEventListener(name)`) or, without `event`, for `onmessage`. */
export interface DialectFrame {
  event?: string;
  data: unknown;
}

export interface Dialect {
  /** The frame an event becomes, or null when the dialect does not show it. */
  frame(event: Envelope): DialectFrame | null;
  /** The dialect's keepalive at `timestamp` (ISO time), or null for Parley's `: keepalive` comment. */
  keepalive(timestamp: string): DialectFrame | null;
}
