// POST /api/v1/runs/{id}/interjections — a note to a live run's agents (editors of its session, or its creator)

import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { controlTokenOf, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { sendNote } from "@/lib/runs/steering/notes";
import { noteInputSchema } from "@/lib/runs/steering/schemas";
import type { NoteView } from "@/lib/runs/steering/views";

export const dynamic = "force-dynamic";
export type PostNoteResponse = NoteView;

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/interjections">) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  const body = await parseBody(request, noteInputSchema, 16 * 1024);
  const note = await sendNote({ runId: id, actor, controlToken: controlTokenOf(request), body });
  return json(note satisfies PostNoteResponse, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
