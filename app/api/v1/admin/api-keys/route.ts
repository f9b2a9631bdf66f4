// POST /api/v1/admin/api-keys — create an API key (admin token signed with PARLEY_SECRET; used by `npm run apikey`)
import { createApiKey, createApiKeySchema } from "@/lib/auth/api-keys";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { requireAdmin } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  requireAdmin(request);
  const key = await createApiKey(await parseBody(request, createApiKeySchema, 8192));
  return json(key, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
