// POST /api/v1/agents/{agent_id}/tasks — AgentArea's task on an agent {description, user_id?, task_parameters?} → 201 {id, …} · GET — my tasks on it
import { createTaskSchema, type TaskView } from "@/lib/agents/task-schemas";
import { createTask, listTasks } from "@/lib/agents/tasks";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
export type ListTasksResponse = { tasks: TaskView[] };

export const POST = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]/tasks">) => {
  const { agent_id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  const task = await parseBody(request, createTaskSchema, 32 * 1024);
  return json((await createTask({ actor, agentId: agent_id, task })) satisfies TaskView, { status: 201 });
});

export const GET = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]/tasks">) => {
  const { agent_id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  return json({ tasks: await listTasks(actor, agent_id) } satisfies ListTasksResponse);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
