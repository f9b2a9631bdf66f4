// GET /api/v1/channels/{name}/stream — SSE (API key with subscribe scope, or ?token= from …/tokens)

import { channelTokenAllows } from "@/lib/auth/tokens";
import { channelName } from "@/lib/channels";
import { requireSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hubChannel } from "@/lib/events/envelope";
import { requireApiKey } from "@/lib/http/caller";
import { route } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { serveStream } from "@/lib/http/serve-stream";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/channels/[name]/stream">) => {
  const name = channelName((await ctx.params).name);
  const token = new URL(request.url).searchParams.get("token");
  let keyId: string | null = null;
  if (token !== null) {
    if (!channelTokenAllows(requireSecret(), token, name)) {
      throw new AppError("unauthorized", "The read token is not valid for this channel or has expired");
    }
  } else {
    keyId = (await requireApiKey(request, "subscribe", name)).keyId;
  }
  // A channel's history comes from its producer; a new reader starts from now.
  return serveStream(request, { channel: hubChannel(name), start: "now" }, { keyId });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
