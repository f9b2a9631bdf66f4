// GET /api/v1/runs/{id}/events — the run's events (SSE), from its first event unless resuming
import { runActor } from "@/lib/http/actor";
import { route } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { runStream } from "@/lib/http/run-stream";
import { findReadableRun } from "@/lib/runs/access";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/events">) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  return runStream(request, await findReadableRun(id, actor), actor);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
