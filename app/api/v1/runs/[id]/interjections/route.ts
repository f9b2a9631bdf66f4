// POST /api/v1/runs/{id}/interjections — a note to a live run's agents (editors of its session, or its creator)

import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { controlTokenOf, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { sendInterjection } from "@/lib/runs/steering/interjections";
import { interjectionInputSchema } from "@/lib/runs/steering/schemas";
import type { InterjectionView } from "@/lib/runs/steering/views";

export const dynamic = "force-dynamic";
export type PostInterjectionResponse = InterjectionView;

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/interjections">) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  const body = await parseBody(request, interjectionInputSchema, 16 * 1024);
  const note = await sendInterjection({ runId: id, actor, controlToken: controlTokenOf(request), body });
  return json(note satisfies PostInterjectionResponse, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
