// GET /api/v1/events/orchestration/{session_id} — LLMHive's stream format (event: orchestration_event) for a run
import { runActor } from "@/lib/http/actor";
import { route } from "@/lib/http/handler";
import { orchestrationStream } from "@/lib/http/run-stream";
import { findReadableRun } from "@/lib/runs/access";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/events/orchestration/[session_id]">) => {
  const { session_id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  return orchestrationStream(request, await findReadableRun(session_id, actor), actor);
});
