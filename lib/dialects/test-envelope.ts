// Envelopes for the dialects' unit tests: a channel's events with increasing cursors.
import type { Envelope } from "@/lib/events/envelope";

export function envelopes(channel: string) {
  let seq = 0;
  return (type: string, data: unknown): Envelope => ({
    id: `1763726400000-${seq++}`,
    channel,
    type,
    ts: "2026-11-21T12:00:00.000Z",
    data,
  });
}
