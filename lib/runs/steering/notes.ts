import "server-only";
// Notes to a live run: persisted, then published; the engine reads them before each agent's next turn.
import type { z } from "zod";
import { type Actor, actorPayer } from "@/lib/auth/actor";
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { runChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { sortableId } from "@/lib/ids";
import { tellProducer } from "@/lib/runs/producer-controls";
import { runConfigSchema } from "../schemas";
import { noteEvent } from "./events";
import type { Note } from "./notes-in-prompt";
import { findLiveRun, requireSteerer } from "./people";
import type { noteInputSchema } from "./schemas";
import { type NoteView, noteView } from "./views";

export async function sendNote(input: {
  runId: string;
  actor: Actor;
  controlToken: string | null;
  body: z.infer<typeof noteInputSchema>;
}): Promise<NoteView> {
  const run = await findLiveRun(input.runId, input.actor);
  const person = await requireSteerer(run, input.actor, input.controlToken);
  const to = input.body.to ?? null;
  const agents = runConfigSchema.parse(run.config).agents.map((a) => a.name);
  if (to !== null && !agents.includes(to)) {
    throw new AppError("validation_failed", `No agent named ${to} in this run (it has ${agents.join(", ")})`, {
      issues: [{ path: "to", message: `one of ${agents.join(", ")}` }],
    });
  }
  await chargeQuota("note", actorPayer(input.actor, person.id), { bytes: jsonBytes(input.body) });
  const db = await getDb();
  const row = await db.runNote.create({
    data: {
      id: sortableId("note"),
      runId: run.id,
      authorId: person.id,
      authorName: person.displayName,
      content: input.body.content,
      to,
    },
  });
  const view = noteView(row);
  await publishEvent(runChannel(run.id), "run.interjection", noteEvent(view));
  const { id, display_name, content } = view;
  await tellProducer(run, "control.note", { id, display_name, content, to: view.to });
  return view;
}

/** Every note of the run, oldest first, as the engine reads them. */
export async function readNotes(runId: string): Promise<Note[]> {
  const db = await getDb();
  const rows = await db.runNote.findMany({ where: { runId }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ id: r.id, displayName: r.authorName, content: r.content, to: r.to }));
}
