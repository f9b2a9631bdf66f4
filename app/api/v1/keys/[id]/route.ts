// DELETE /api/v1/keys/{id} — revoke one of my API keys
import { type ApiKeyView, revokeMyKey } from "@/lib/auth/my-keys";
import { route } from "@/lib/http/handler";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
export type RevokeKeyResponse = { key: ApiKeyView };

export const DELETE = route(async (request, ctx: RouteContext<"/api/v1/keys/[id]">) => {
  const { id } = await ctx.params;
  return json({ key: await revokeMyKey(requireUser(request), id) } satisfies RevokeKeyResponse);
});

export const { GET, POST, PUT, PATCH, HEAD, OPTIONS } = otherMethods("DELETE");
