// POST /api/v1/channels/{name}/events — publish {type, data} or {events: [...]} (API key with publish scope)

import { channelName, MAX_PUBLISH_BODY_BYTES, publishToChannel } from "@/lib/channels";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { requireApiKey } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const POST = route(async (request, ctx: RouteContext<"/api/v1/channels/[name]/events">) => {
  const name = channelName((await ctx.params).name);
  const key = await requireApiKey(request, "publish", name);
  const payer = { key: key.keyId, person: key.userId, address: clientAddress(request.headers) };
  const result = await publishToChannel(name, await readJson(request, MAX_PUBLISH_BODY_BYTES), payer);
  return json(result, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
