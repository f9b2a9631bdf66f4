// GET /api/v1/collaborate/{id} — session info with my role · DELETE — delete the session (owner)

import { route } from "@/lib/http/handler";
import { identityOf, requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { deleteSession, getSessionInfo } from "@/lib/sessions/sessions";
import type { SessionView } from "@/lib/sessions/views";

export const dynamic = "force-dynamic";
export type GetSessionResponse = SessionView;
type Ctx = RouteContext<"/api/v1/collaborate/[id]">;

export const GET = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  return json((await getSessionInfo(id, identityOf(request))) satisfies GetSessionResponse);
});

export const DELETE = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  await deleteSession(id, requireUser(request));
  return json({ deleted: true, session_id: id });
});

export const { POST, PUT, PATCH, OPTIONS } = otherMethods("GET", "DELETE");
