// POST /api/v1/channels/{name}/tokens — mint a short-lived read token for browsers (API key with subscribe scope; it ends with the key)

import { channelName, createReadToken, tokenBodySchema } from "@/lib/channels";
import type { ReadToken } from "@/lib/channels/views";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { requireApiKey } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export type CreateReadTokenResponse = ReadToken;

export const POST = route(async (request, ctx: RouteContext<"/api/v1/channels/[name]/tokens">) => {
  const name = channelName((await ctx.params).name);
  const { keyId } = await requireApiKey(request, "subscribe", name);
  const body = tokenBodySchema.parse((await readJson(request, 4096, { optional: true })) ?? {});
  return json(createReadToken(name, keyId, body.ttl_s) satisfies CreateReadTokenResponse, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
