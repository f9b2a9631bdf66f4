// GET /api/stream/events/{stream_id} — Facilitair's named events (task_started … task_completed, heartbeat)

import { facilitairDialect } from "@/lib/dialects/facilitair/task-events";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { dialectRunStream } from "@/lib/http/sse/run-stream";
import { findReadableRun } from "@/lib/runs/access";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/stream/events/[stream_id]">) => {
  const { stream_id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  const run = await findReadableRun(stream_id, actor);
  return dialectRunStream(request, run, actor, facilitairDialect(run.id));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
