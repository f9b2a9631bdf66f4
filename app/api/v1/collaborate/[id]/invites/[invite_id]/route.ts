// DELETE /api/v1/collaborate/{id}/invites/{invite_id} — revoke an invite (owner)

import { route } from "@/lib/http/handler";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { revokeInvite } from "@/lib/sessions/invites";

export const dynamic = "force-dynamic";

export const DELETE = route(async (request, ctx: RouteContext<"/api/v1/collaborate/[id]/invites/[invite_id]">) => {
  const { id, invite_id } = await ctx.params;
  return json(await revokeInvite(id, invite_id, requireUser(request)));
});

export const { GET, POST, PUT, PATCH, HEAD, OPTIONS } = otherMethods("DELETE");
