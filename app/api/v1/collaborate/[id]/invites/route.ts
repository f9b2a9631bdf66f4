// POST /api/v1/collaborate/{id}/invites — new invite {role, expires_in_s, revoke_existing} · GET — list (owner)

import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { requireUser } from "@/lib/http/identity/credentials";
import { publicOrigin } from "@/lib/http/identity/origin";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { createInvite, listInvites } from "@/lib/sessions/invites";
import { createInviteSchema } from "@/lib/sessions/schemas";

export const dynamic = "force-dynamic";
type Ctx = RouteContext<"/api/v1/collaborate/[id]/invites">;

export const POST = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  const userId = requireUser(request);
  const input = createInviteSchema.parse((await readJson(request, 1024, { optional: true })) ?? {});
  return json(await createInvite({ ...input, sessionId: id, userId, baseUrl: publicOrigin(request) }), { status: 201 });
});

export const GET = route(async (request, ctx: Ctx) => {
  const { id } = await ctx.params;
  return json({ invites: await listInvites(id, requireUser(request)) });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
