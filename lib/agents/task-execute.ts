import "server-only";
// POST …/tasks/{task_id}/execute: start the task's run, and in batch mode (enable_streaming false, the
// document's default) wait for its end — at most PARLEY_TASK_BATCH_WAIT_MS — answering with its events.
import type { Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { getHub } from "@/lib/hub";
import { collectTaskEvents } from "./task-batch";
import type { ExecutedTask, ExecuteTaskInput } from "./task-schemas";
import { executeTask, getTask } from "./tasks";

export async function executeTaskNow(input: {
  actor: Actor;
  agentId: string;
  taskId: string;
  execute: ExecuteTaskInput;
  signal?: AbortSignal;
}): Promise<ExecutedTask> {
  const { task, context, streaming, controlToken } = await executeTask(input);
  const steering = { control_token: controlToken };
  if (streaming || !task.run_id) return { ...task, ...steering, enable_streaming: true };
  const collected = await collectTaskEvents(getHub(), {
    runId: task.run_id,
    context,
    waitMs: env.PARLEY_TASK_BATCH_WAIT_MS,
    signal: input.signal,
  });
  // Read after the events: a completed task's status and result are its run's, stored before run.completed.
  const now = await getTask(input.actor, input.agentId, input.taskId);
  return { ...now, ...steering, enable_streaming: false, ...collected };
}
