// GET /api/v1/events/orchestration/{session_id} — LLMHive's stream format (event: orchestration_event) for a run
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/runs/actor";
import { findReadableRun } from "@/lib/runs/service";
import { orchestrationStream } from "@/lib/runs/stream";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/events/orchestration/[session_id]">) => {
  const { session_id } = await ctx.params;
  await findReadableRun(session_id, await runActor(request, { mutating: false }));
  return orchestrationStream(request, session_id);
});
