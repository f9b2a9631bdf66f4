// GET /api/v1/channels/{name}/stream — SSE (API key with subscribe scope, or ?token= from …/tokens);
// it ends when the key (the token's key) is revoked

import { ReaderGrant } from "@/lib/auth/reader-grant";
import { channelName } from "@/lib/channels";
import { hubChannel } from "@/lib/events/envelope";
import { route } from "@/lib/http/handler";
import { requireChannelReader } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { serveStream } from "@/lib/http/sse/serve-stream";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/channels/[name]/stream">) => {
  const name = channelName((await ctx.params).name);
  const reader = await requireChannelReader(request, name);
  // A channel's history comes from its producer; a new reader starts from now. A token's stream counts
  // against its address only, as before tokens named their key (a browser console is no script).
  const holder = reader.token ? {} : { keyId: reader.keyId };
  return serveStream(request, ReaderGrant.ofKey(reader.keyId), { channel: hubChannel(name), start: "now" }, holder);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
