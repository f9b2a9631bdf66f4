// GET /api/v1/agents/{agent_id}/tasks/{task_id} — the task and its status in AgentArea's words
import type { TaskView } from "@/lib/agents/task-schemas";
import { getTask } from "@/lib/agents/tasks";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]/tasks/[task_id]">) => {
  const { agent_id, task_id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  return json((await getTask(actor, agent_id, task_id)) satisfies TaskView);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
