// GET /api/v1/agents/{agent_id}/tasks/{task_id}/events/stream — AgentArea's named Workflow* events (SSE):
// the task's history, then live, `event: heartbeat` while quiet, ending after WorkflowCompleted / WorkflowFailed
import { taskRun } from "@/lib/agents/tasks";
import { agentAreaDialect } from "@/lib/dialects/agentarea/workflow-events";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { dialectRunStream } from "@/lib/http/sse/run-stream";
import { findReadableRun } from "@/lib/runs/access";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]/tasks/[task_id]/events/stream">) => {
  const { agent_id, task_id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  const { runId, context } = await taskRun(actor, agent_id, task_id);
  return dialectRunStream(request, await findReadableRun(runId, actor), actor, agentAreaDialect(context));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
