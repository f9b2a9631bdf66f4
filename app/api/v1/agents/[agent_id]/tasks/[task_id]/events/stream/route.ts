// GET /api/v1/agents/{agent_id}/tasks/{task_id}/events/stream — AgentArea's named Workflow* events (SSE):
// the task's history, then live, `event: heartbeat` while quiet, ending after WorkflowCompleted / WorkflowFailed
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { taskStream } from "@/lib/http/sse/task-stream";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]/tasks/[task_id]/events/stream">) => {
  const { agent_id, task_id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  return taskStream(request, actor, agent_id, task_id);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
