// POST /api/v1/collaborate/{id}/leave — leave the session

import { route } from "@/lib/http/handler";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { leaveSession } from "@/lib/sessions/membership";

export const dynamic = "force-dynamic";

export const POST = route(async (request, ctx: RouteContext<"/api/v1/collaborate/[id]/leave">) => {
  const { id } = await ctx.params;
  await leaveSession(id, requireUser(request));
  return json({ left: true, session_id: id });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
