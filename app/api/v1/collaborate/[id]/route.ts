// GET /api/v1/collaborate/{id} — session info with my role · PATCH — the owner's settings {guests} · DELETE — delete the session (owner)

import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { identityOf, requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { updateSessionSchema } from "@/lib/sessions/schemas";
import { deleteSession, getSessionInfo, updateSession } from "@/lib/sessions/sessions";
import type { SessionView } from "@/lib/sessions/views";

export const dynamic = "force-dynamic";
export type GetSessionResponse = SessionView;
export type PatchSessionResponse = SessionView;
type Ctx = RouteContext<"/api/v1/collaborate/[id]">;

export const GET = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  return json((await getSessionInfo(id, identityOf(request))) satisfies GetSessionResponse);
});

export const PATCH = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  const userId = requireUser(request);
  const input = await parseBody(request, updateSessionSchema, 1024);
  return json((await updateSession(id, userId, input)) satisfies PatchSessionResponse);
});

export const DELETE = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  await deleteSession(id, requireUser(request));
  return json({ deleted: true, session_id: id });
});

export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
