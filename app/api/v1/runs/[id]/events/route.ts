// GET /api/v1/runs/{id}/events — the run's events (SSE), from its first event unless resuming
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/runs/actor";
import { findReadableRun } from "@/lib/runs/service";
import { runStream } from "@/lib/runs/stream";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/events">) => {
  const { id } = await ctx.params;
  await findReadableRun(id, await runActor(request, { mutating: false }));
  return runStream(request, id);
});
