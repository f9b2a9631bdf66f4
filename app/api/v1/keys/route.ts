// GET /api/v1/keys — my API keys · POST — create one {name, scopes?} (shown once; it acts as me)
import { type CreatedApiKey, createApiKey, createApiKeySchema } from "@/lib/auth/api-keys";
import { type ApiKeyView, listMyKeys } from "@/lib/auth/my-keys";
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { DEFAULT_SCOPES } from "@/lib/auth/scopes";
import { assertSelfServeScopes } from "@/lib/gateway/access";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { requireUser } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
export type ListKeysResponse = { keys: ApiKeyView[] };
export type CreateKeyResponse = CreatedApiKey;

export const GET = route(async (request) => {
  return json({ keys: await listMyKeys(requireUser(request)) } satisfies ListKeysResponse);
});

export const POST = route(async (request) => {
  const userId = requireUser(request);
  const input = await parseBody(request, createApiKeySchema, 8192);
  // A key made here acts as a free identity: the gateway's scopes only while the gateway may be self-served.
  assertSelfServeScopes(input.scopes ?? DEFAULT_SCOPES);
  await chargeQuota("createKey", { person: userId, address: clientAddress(request.headers) }, { bytes: jsonBytes(input) });
  return json((await createApiKey(input, userId)) satisfies CreateKeyResponse, { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
