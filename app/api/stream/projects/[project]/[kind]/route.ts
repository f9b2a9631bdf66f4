// GET /api/stream/projects/{project}/{kind} — the events spec: every ingest job's (agent run's, workflow's) events of a project (SSE)
import { route } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { serveSpecStream } from "@/lib/http/sse/spec-stream";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/stream/projects/[project]/[kind]">) =>
  serveSpecStream(request, await ctx.params),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
