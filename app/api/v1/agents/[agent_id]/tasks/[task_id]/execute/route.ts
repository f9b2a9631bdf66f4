// POST /api/v1/agents/{agent_id}/tasks/{task_id}/execute — {query?, enable_streaming?}: runs the task once;
// streaming → 202 at once; batch → 200 with all its events, or 202 with those so far past the wait's bound
import { executeTaskNow } from "@/lib/agents/task-execute";
import { type ExecutedTask, executeTaskSchema } from "@/lib/agents/task-schemas";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";
// The run executes in after(), and batch mode waits for it (PARLEY_TASK_BATCH_WAIT_MS, at most 250 s).
export const maxDuration = 300;
export type ExecuteTaskResponse = ExecutedTask;

export const POST = route(async (request, ctx: RouteContext<"/api/v1/agents/[agent_id]/tasks/[task_id]/execute">) => {
  const { agent_id, task_id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  // An empty body executes the task as described, in the mode its parameters asked for.
  const execute = executeTaskSchema.parse((await readJson(request, 16 * 1024, { optional: true })) ?? {});
  const executed = await executeTaskNow({ actor, agentId: agent_id, taskId: task_id, execute, signal: request.signal });
  return json(executed satisfies ExecuteTaskResponse, { status: executed.complete ? 200 : 202 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
