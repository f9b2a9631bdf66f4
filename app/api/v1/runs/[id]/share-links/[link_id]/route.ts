// DELETE /api/v1/runs/{id}/share-links/{link_id} — revoke a share link: its open streams end at once

import { route } from "@/lib/http/handler";
import { controlTokenOf, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { revokeShareLink, type ShareLinkView } from "@/lib/runs/share/links";

export const dynamic = "force-dynamic";

export type RevokeShareLinkResponse = ShareLinkView;

export const DELETE = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/share-links/[link_id]">) => {
  const { id, link_id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  const revoked = await revokeShareLink({ runId: id, linkId: link_id, actor, controlToken: controlTokenOf(request) });
  return json(revoked satisfies RevokeShareLinkResponse);
});

export const { GET, POST, PUT, PATCH, HEAD, OPTIONS } = otherMethods("DELETE");
