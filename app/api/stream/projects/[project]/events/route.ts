// POST /api/stream/projects/{project}/events — the events spec's {type, job} (or {events: [...]}) onto the project (API key with publish scope)

import { MAX_PUBLISH_BODY_BYTES } from "@/lib/channels";
import { projectId, publishSpecEvents } from "@/lib/dialects/events-spec/publish";
import { projectChannelName } from "@/lib/dialects/events-spec/schema";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { requireApiKey } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const POST = route(async (request, ctx: RouteContext<"/api/stream/projects/[project]/events">) => {
  const project = projectId((await ctx.params).project);
  const key = await requireApiKey(request, "publish", projectChannelName(project));
  const payer = { key: key.keyId, person: key.userId, address: clientAddress(request.headers) };
  const result = await publishSpecEvents(project, await readJson(request, MAX_PUBLISH_BODY_BYTES), payer);
  return json(result, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
