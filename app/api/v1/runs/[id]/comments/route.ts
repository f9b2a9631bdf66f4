// POST /api/v1/runs/{id}/comments — a comment pinned to a turn or an event (anyone who can read the run)

import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { controlTokenOf, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { addComment } from "@/lib/runs/steering/comments";
import { commentInputSchema } from "@/lib/runs/steering/schemas";
import type { CommentView } from "@/lib/runs/steering/views";

export const dynamic = "force-dynamic";
export type PostCommentResponse = CommentView;

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/comments">) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  const body = await parseBody(request, commentInputSchema, 16 * 1024);
  const comment = await addComment({ runId: id, actor, controlToken: controlTokenOf(request), body });
  return json(comment satisfies PostCommentResponse, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
