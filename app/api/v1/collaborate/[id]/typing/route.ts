// POST /api/v1/collaborate/{id}/typing — tell the others I am typing (never stored)

import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { signalTyping } from "@/lib/sessions/messages";

export const dynamic = "force-dynamic";

export const POST = route(async (request, ctx: RouteContext<"/api/v1/collaborate/[id]/typing">) => {
  const { id } = await ctx.params;
  await signalTyping(id, requireUser(request), clientAddress(request.headers));
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
