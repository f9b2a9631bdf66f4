import "server-only";
// People's controls for an external run's producer: pause, resume, cancel, notes and gate decisions are
// published on the run's control channel (`control:<run>`), which the producer follows as SSE
// (GET /runs/{id}/controls) or reads with each events POST (lib/ingest/external/producer-controls.ts). Parley
// does not stop an external run itself: its producer is told, and reports what it did (run.paused, …).
import { getDb } from "@/lib/db/client";
import type { Run } from "@/lib/db/generated/client";
import { controlChannel } from "@/lib/events/envelope";
import type { EventData } from "@/lib/events/schemas";
import { publishEvent } from "@/lib/hub";
import { runConfigSchema } from "./schemas";

type ControlType =
  | "control.pause"
  | "control.resume"
  | "control.cancel"
  | "control.note"
  | "control.gate_decided"
  | "control.fork";

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

/** Whether an external run's producer declared it can resume from a step: its run's forks are its to run. */
export function acceptsForks(run: Pick<Run, "strategy" | "config">): boolean {
  if (run.strategy !== "external") return false;
  return runConfigSchema.safeParse(run.config).data?.capabilities?.fork === true;
}
