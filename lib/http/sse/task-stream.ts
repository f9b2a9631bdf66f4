import "server-only";
import { taskRun } from "@/lib/agents/tasks";
// AgentArea's task stream (GET …/tasks/{task_id}/events/stream): the task's run in AgentArea's named
// Workflow* frames (lib/dialects/agentarea), through the run stream and its guarantees. The document's
// browser client never closes its EventSource, which reconnects after the stream's end: a reader resuming
// after the terminal event of a finished task is answered 204, on which EventSource stops for good.
import type { Actor } from "@/lib/auth/actor";
import { agentAreaDialect } from "@/lib/dialects/agentarea/workflow-events";
import { runChannel } from "@/lib/events/envelope";
import { getHub } from "@/lib/hub";
import { findReadableRun } from "@/lib/runs/access";
import { isTerminalStatus } from "@/lib/runs/schemas";
import { parseStreamRequest } from "./event-stream";
import { dialectRunStream } from "./run-stream";

export async function taskStream(request: Request, actor: Actor, agentId: string, taskId: string): Promise<Response> {
  const { runId, context } = await taskRun(actor, agentId, taskId);
  const run = await findReadableRun(runId, actor);
  const { cursor } = parseStreamRequest(request);
  if (cursor && isTerminalStatus(run.status)) {
    const after = await getHub().read(runChannel(run.id), { after: cursor, limit: 1 });
    if (after.length === 0) return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  }
  return dialectRunStream(request, run, actor, agentAreaDialect(context));
}
