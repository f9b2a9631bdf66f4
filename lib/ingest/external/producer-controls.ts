import "server-only";
// People's controls for an external run's producer: pause, resume, cancel, notes and gate decisions are
// published on the run's control channel (`control:<run>`), which the producer follows as SSE
// (GET /runs/{id}/controls) or reads with each events POST from its last controls cursor. Parley does
// not stop an external run itself: its producer is told, and reports what it did (run.paused, …).
import { getDb } from "@/lib/db/client";
import type { Run, RunControl } from "@/lib/db/generated/client";
import type { Envelope } from "@/lib/events/envelope";
import { controlChannel } from "@/lib/events/envelope";
import type { EventData } from "@/lib/events/schemas";
import { getHub, publishEvent } from "@/lib/hub";

type ControlType = "control.pause" | "control.resume" | "control.cancel" | "control.note" | "control.gate_decided";

/** Tells an external run's producer what people asked; nothing for a run Parley executes itself. */
export async function tellProducer<T extends ControlType>(
  run: Pick<Run, "id" | "strategy">,
  type: T,
  data: EventData<T>,
): Promise<void> {
  if (run.strategy !== "external") return;
  await publishEvent(controlChannel(run.id), type, data);
}

/** The same, for callers that know only the run's id (a gate decided by its timeout). */
export async function tellProducerOf<T extends ControlType>(runId: string, type: T, data: EventData<T>): Promise<void> {
  const db = await getDb();
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true, strategy: true } });
  if (run) await tellProducer(run, type, data);
}

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
