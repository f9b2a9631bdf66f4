import "server-only";
// What an external run's producer reads with each events POST: people's controls (lib/runs/producer-controls.ts
// publishes them on the run's control channel) after its last controls cursor, and what was last asked of
// the run as a whole. The same channel is its SSE stream (GET /runs/{id}/controls).
import { getDb } from "@/lib/db/client";
import type { Run, RunControl } from "@/lib/db/generated/client";
import type { Envelope } from "@/lib/events/envelope";
import { controlChannel } from "@/lib/events/envelope";
import { getHub } from "@/lib/hub";

export interface PendingControls {
  /** What people last asked of the run as a whole: pause, cancel, or nothing. Kept in the database. */
  requested: RunControl | null;
  /** Control events after the producer's cursor, oldest first (at most 100). */
  events: Envelope[];
  /** Send it back as `controls_after` to get only what is newer. */
  cursor: string | null;
}

export async function pendingControls(run: Pick<Run, "id">, after: string | null): Promise<PendingControls> {
  const db = await getDb();
  const channel = controlChannel(run.id);
  const [row, events, head] = await Promise.all([
    db.run.findUnique({ where: { id: run.id }, select: { control: true } }),
    getHub().read(channel, { ...(after && { after }), limit: 100 }),
    getHub().head(channel),
  ]);
  return { requested: row?.control ?? null, events, cursor: events.at(-1)?.id ?? after ?? head };
}
