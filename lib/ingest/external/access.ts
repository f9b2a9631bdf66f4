import "server-only";
import type { Actor } from "@/lib/auth/actor";
// Who may feed an external run: the producer that started it (the same API key, or another key of the
// same person), holding the runs scope. Anyone else who can read the run is refused (403); whoever
// cannot read it does not learn it exists (404).
import type { Run } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { isCursor } from "@/lib/events/cursor";
import { findReadableRun } from "@/lib/runs/access";

export async function findProducerRun(runId: string, actor: Actor): Promise<Run> {
  const run = await findReadableRun(runId, actor);
  if (!actor.id || run.createdBy !== actor.id) {
    throw new AppError("forbidden", "Only the producer that started this run (its API key, or its owner's) may feed it");
  }
  return run;
}

/** `?controls_after=<cursor>`: the producer's place in its controls, or null for all of them. */
export function controlsAfter(raw: string | null): string | null {
  if (raw === null || raw === "") return null;
  if (!isCursor(raw)) throw new AppError("bad_request", "controls_after must be a cursor like 1763726400000-3");
  return raw;
}
