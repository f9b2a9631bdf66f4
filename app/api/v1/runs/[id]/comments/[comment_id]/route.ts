// DELETE /api/v1/runs/{id}/comments/{comment_id} — its author, or the session's owner (the run's creator outside one)

import { route } from "@/lib/http/handler";
import { controlTokenOf, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { deleteComment } from "@/lib/runs/steering/comments";

export const dynamic = "force-dynamic";

export const DELETE = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/comments/[comment_id]">) => {
  const { id, comment_id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  return json(await deleteComment({ runId: id, commentId: comment_id, actor, controlToken: controlTokenOf(request) }));
});

export const { GET, POST, PUT, PATCH, HEAD, OPTIONS } = otherMethods("DELETE");
