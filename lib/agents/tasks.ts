import "server-only";
// AgentArea's tasks on agents (seed 003): a task is created on an agent the caller can see (a built-in
// role: anyone; a saved agent: its owner — else 404), and executed once as a Parley run of that agent
// (lib/agents/task-plan.ts), started like any run (quotas, run slots, /runs/{id}, steering). Its status and
// result are its run's; its events are its run's events in AgentArea's view (lib/dialects/agentarea).
import type { Actor } from "@/lib/auth/actor";
import { actorPayer } from "@/lib/auth/actor";
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { getDb } from "@/lib/db/client";
import type { AgentTask, Run } from "@/lib/db/generated/client";
import type { WorkflowContext } from "@/lib/dialects/agentarea/workflow-events";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sortableId, sortableIdPattern } from "@/lib/ids";
import { startRunInBackground } from "@/lib/runs/execution/start";
import { costUsd, priceOf, priceTable } from "@/lib/runs/models/pricing";
import { assertModelAvailable } from "@/lib/runs/models/providers";
import type { AgentView } from "./schemas";
import { getAgent } from "./store";
import { ESTIMATE_TOKENS, type Providers, taskRunInput, taskStatus } from "./task-plan";
import {
  type CreateTaskInput,
  type ExecuteTaskInput,
  PENDING_TASKS_MAX,
  type TaskView,
  taskParametersSchema,
} from "./task-schemas";

const TASK_ID = sortableIdPattern("task");
const TASKS_LISTED = 50;
const prices = priceTable(env.PARLEY_MODEL_PRICES);

const taskNotFound = () => new AppError("not_found", "Task not found");
const providers = (): Providers => ({
  openai: Boolean(env.OPENAI_API_KEY),
  anthropic: Boolean(env.ANTHROPIC_API_KEY),
  compatible: Boolean(env.OPENAI_COMPATIBLE_BASE_URL),
});

type TaskRow = AgentTask & { run: Pick<Run, "status" | "summary" | "error" | "finishedAt"> | null };

function view(row: TaskRow): TaskView {
  const base = `/api/v1/agents/${encodeURIComponent(row.agentId)}/tasks/${row.id}`;
  return {
    id: row.id,
    agent_id: row.agentId,
    description: row.description,
    user_id: row.clientUserId,
    task_parameters: taskParametersSchema.parse(row.parameters),
    status: taskStatus(row.run?.status ?? null),
    query: row.query,
    run_id: row.runId,
    result: row.run?.status === "completed" ? (row.run.summary ?? null) : null,
    error: row.run?.status === "failed" || row.run?.status === "cancelled" ? (row.run.error ?? row.run.status) : null,
    created_at: row.createdAt.toISOString(),
    executed_at: row.executedAt?.toISOString() ?? null,
    finished_at: row.run?.finishedAt?.toISOString() ?? null,
    events_url: `${base}/events/stream`,
    run_url: row.runId ? `/runs/${row.runId}` : null,
  };
}

async function withRun(row: AgentTask): Promise<TaskRow> {
  if (!row.runId) return { ...row, run: null };
  const db = await getDb();
  const run = await db.run.findUnique({
    where: { id: row.runId },
    select: { status: true, summary: true, error: true, finishedAt: true },
  });
  return { ...row, run };
}

/** Whose pending tasks a creation counts against: the caller, else its address. */
const creatorKey = (actor: Actor) => actor.id ?? `address:${actor.address ?? "unknown"}`;

export async function createTask(input: { actor: Actor; agentId: string; task: CreateTaskInput }): Promise<TaskView> {
  const { actor, task } = input;
  const agent = await getAgent(actor.userId, input.agentId);
  const parameters = task.task_parameters ?? {};
  // Refused now rather than at execute: a model or instructions this agent cannot run with.
  const planned = taskRunInput(agent, { text: task.description, parameters }, providers());
  for (const a of planned.agents ?? []) if (typeof a !== "string" && a.model) assertModelAvailable(a.model);
  if (planned.model) assertModelAvailable(planned.model);
  await chargeQuota("createTask", actorPayer(actor), { bytes: jsonBytes(task) });
  const key = creatorKey(actor);
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    // Counted and written under one lock per creator, so requests at once cannot pass the cap together.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`agent_tasks:${key}`}))`;
    if ((await tx.agentTask.count({ where: { creatorKey: key, executedAt: null } })) >= PENDING_TASKS_MAX) {
      throw new AppError(
        "conflict",
        `You have ${PENDING_TASKS_MAX} tasks not yet executed, the most one may keep: execute one before creating more`,
      );
    }
    return tx.agentTask.create({
      data: {
        id: sortableId("task"),
        agentId: agent.id,
        savedAgentId: agent.built_in ? null : agent.id,
        createdBy: actor.id,
        creatorKey: key,
        description: task.description,
        clientUserId: task.user_id ?? null,
        parameters,
      },
    });
  });
  return view({ ...row, run: null });
}

/** A task on an agent the caller can see, with the agent — else 404 (the agent's, or the task's). */
async function findTask(actor: Actor, agentId: string, taskId: string): Promise<{ task: AgentTask; agent: AgentView }> {
  const agent = await getAgent(actor.userId, agentId);
  if (!TASK_ID.test(taskId)) throw taskNotFound();
  const db = await getDb();
  const task = await db.agentTask.findFirst({ where: { id: taskId, agentId } });
  if (!task) throw taskNotFound();
  return { task, agent };
}

export async function getTask(actor: Actor, agentId: string, taskId: string): Promise<TaskView> {
  return view(await withRun((await findTask(actor, agentId, taskId)).task));
}

/** The caller's tasks on an agent, newest first. */
export async function listTasks(actor: Actor, agentId: string): Promise<TaskView[]> {
  await getAgent(actor.userId, agentId);
  if (!actor.id) return [];
  const db = await getDb();
  const rows = await db.agentTask.findMany({
    where: { agentId, createdBy: actor.id },
    orderBy: { createdAt: "desc" },
    take: TASKS_LISTED,
  });
  return Promise.all(rows.map(async (row) => view(await withRun(row))));
}

/**
 * Executes a task once: claimed by one conditional update (a second execute is 409), then started as a
 * run; if the run cannot start (a quota, a model), the claim is undone and nothing has changed.
 */
export async function executeTask(input: {
  actor: Actor;
  agentId: string;
  taskId: string;
  execute: ExecuteTaskInput;
}): Promise<{ task: TaskView; context: WorkflowContext; streaming: boolean; controlToken: string }> {
  const { actor, execute } = input;
  const { task, agent } = await findTask(actor, input.agentId, input.taskId);
  if (task.createdBy && task.createdBy !== actor.id) {
    throw new AppError("forbidden", "Only whoever created this task can execute it");
  }
  const parameters = taskParametersSchema.parse(task.parameters);
  const text = execute.query ?? task.description;
  const streaming = execute.enable_streaming ?? parameters.enable_streaming ?? false;
  const db = await getDb();
  const claimed = await db.agentTask.updateMany({ where: { id: task.id, executedAt: null }, data: { executedAt: new Date() } });
  if (claimed.count === 0) throw new AppError("conflict", "This task has been executed already: create another");
  let started: { run_id: string; control_token: string };
  try {
    const run = { ...taskRunInput(agent, { text, parameters }, providers()), actor };
    // Batch mode waits for the run within this request: it must not wait for the response to start.
    started = await startRunInBackground(run, { now: !streaming });
  } catch (error) {
    await db.agentTask.update({ where: { id: task.id }, data: { executedAt: null } });
    throw error;
  }
  const row = await db.agentTask.update({
    where: { id: task.id },
    data: { runId: started.run_id, query: execute.query ?? null },
  });
  return {
    task: view(await withRun(row)),
    controlToken: started.control_token,
    context: workflowContext(row),
    streaming,
  };
}

/** What the task stream and batch mode need: the task's run (404 before it is executed: 409). */
export async function taskRun(
  actor: Actor,
  agentId: string,
  taskId: string,
): Promise<{ runId: string; context: WorkflowContext }> {
  const { task } = await findTask(actor, agentId, taskId);
  if (!task.runId) {
    throw new AppError("conflict", "This task has not been executed yet: POST …/execute starts it, then its events stream");
  }
  return { runId: task.runId, context: workflowContext(task) };
}

function workflowContext(task: AgentTask): WorkflowContext {
  return {
    taskId: task.id,
    agentId: task.agentId,
    estimateCost: (model) =>
      priceOf(prices, model) ? costUsd(prices, model, ESTIMATE_TOKENS.input, ESTIMATE_TOKENS.output) : null,
  };
}
