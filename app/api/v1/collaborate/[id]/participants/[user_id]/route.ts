// PATCH /api/v1/collaborate/{id}/participants/{user_id} — change a role · DELETE — remove (owner)

import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { removeParticipant, updateParticipantRole } from "@/lib/sessions/membership";
import { updateParticipantSchema } from "@/lib/sessions/schemas";

export const dynamic = "force-dynamic";
type Ctx = RouteContext<"/api/v1/collaborate/[id]/participants/[user_id]">;

export const PATCH = route(async (request, ctx: Ctx) => {
  const { id, user_id } = await ctx.params;
  const userId = requireUser(request);
  const { role } = await parseBody(request, updateParticipantSchema, 1024);
  return json(await updateParticipantRole({ sessionId: id, userId, targetId: user_id, role }));
});

export const DELETE = route(async (request, ctx: Ctx) => {
  const { id, user_id } = await ctx.params;
  await removeParticipant({ sessionId: id, userId: requireUser(request), targetId: user_id });
  return json({ removed: true, user_id });
});

export const { GET, POST, PUT, HEAD, OPTIONS } = otherMethods("PATCH", "DELETE");
