// DELETE /api/v1/me/key — revoke the API key this request is made with (`parley logout`)
import { type ApiKeyView, revokeMyKey } from "@/lib/auth/my-keys";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { identityOf, keyIdOf } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
export type RevokeOwnKeyResponse = { key: ApiKeyView };

export const DELETE = route(async (request) => {
  // proxy.ts verified the key and named its owner and id: a cookie alone names no key to revoke.
  const keyId = keyIdOf(request);
  const userId = identityOf(request);
  if (!keyId || !userId) throw new AppError("unauthorized", "Send the API key to revoke: Authorization: Bearer <key>");
  return json({ key: await revokeMyKey(userId, keyId) } satisfies RevokeOwnKeyResponse);
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
