// GET /api/stream/status/{stream_id} — Facilitair's status call

import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { getRunSnapshot } from "@/lib/runs/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (request, ctx: RouteContext<"/api/stream/status/[stream_id]">) => {
  const { stream_id } = await ctx.params;
  const { run, progress, usage } = await getRunSnapshot(stream_id, await runActor(request, { mutating: false }));
  return json({
    stream_id,
    status: run.status,
    task: run.task,
    progress: { ...progress, percent: Math.round((progress.completed_steps / Math.max(1, progress.total_steps)) * 100) },
    usage,
    created_at: run.created_at,
    completed_at: run.finished_at,
    error: run.error,
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
