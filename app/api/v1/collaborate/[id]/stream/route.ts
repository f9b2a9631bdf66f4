// GET /api/v1/collaborate/{id}/stream — the session's live events (SSE): LLMHive's frames, or ?format=parley

import { route } from "@/lib/http/handler";
import { identityOf, keyIdOf } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { serveSessionStream } from "@/lib/http/sse/session-stream";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/collaborate/[id]/stream">) => {
  const { id } = await ctx.params;
  return serveSessionStream(request, id, identityOf(request), keyIdOf(request));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
