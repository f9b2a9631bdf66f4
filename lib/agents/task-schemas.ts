// AgentArea's tasks on agents (seed document 003): what a client sends to create and execute one, and the
// task as the API answers it. Client-safe: the agents page and the routes share these.
import { z } from "zod";
import { AGENT_INSTRUCTIONS_MAX } from "./schemas";

/** A person's (or an address's) tasks created and not yet executed; one more is 409. */
export const PENDING_TASKS_MAX = 100;
/** The longest description or query: a run's task is at most this long. */
export const TASK_TEXT_MAX = 4000;

const text = z.string().trim().min(1).max(TASK_TEXT_MAX);

export const taskParametersSchema = z
  .object({
    enable_streaming: z.boolean().optional(),
    /** A Parley model id (`demo`, `openai:gpt-4o`) or a provider's bare name (`gpt-4`): lib/agents/task-plan.ts. */
    model: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:/-]{1,120}$/, "a model name: letters, digits and . _ : / -")
      .optional(),
    instructions: z.string().trim().min(1).max(AGENT_INSTRUCTIONS_MAX).optional(),
    /** Parley's addition: the run's budget in USD (WorkflowBudgetWarning / WorkflowBudgetExceeded). */
    budget_usd: z.number().positive().max(1000).optional(),
  })
  .strict();
export type TaskParameters = z.infer<typeof taskParametersSchema>;

export const createTaskSchema = z
  .object({
    description: text,
    /** AgentArea's user id, kept and echoed as a label; who the caller is comes from their credentials. */
    user_id: z.string().trim().min(1).max(128).optional(),
    task_parameters: taskParametersSchema.optional(),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof createTaskSchema>;

export const executeTaskSchema = z
  .object({
    /** What the agent is asked; the task's description when absent. */
    query: text.optional(),
    /** Batch mode when false: the answer waits for the task's end and carries all its events. */
    enable_streaming: z.boolean().optional(),
  })
  .strict();
export type ExecuteTaskInput = z.infer<typeof executeTaskSchema>;

/** A task's status in AgentArea's words: `pending` until executed, then its run's. */
export const TASK_STATUSES = ["pending", "running", "paused", "completed", "failed", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const taskViewSchema = z.object({
  id: z.string(),
  agent_id: z.string(),
  description: z.string(),
  user_id: z.string().nullable(),
  task_parameters: taskParametersSchema,
  status: z.enum(TASK_STATUSES),
  query: z.string().nullable(),
  /** The Parley run executing it (null until executed): `/runs/{run_id}` shows it. */
  run_id: z.string().nullable(),
  /** The run's summary once completed; its error once failed. */
  result: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  executed_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  events_url: z.string(),
  run_url: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskViewSchema>;

/** One of a task's events as batch mode returns it: the data of its named SSE frame. */
export type TaskEvent = { event_type: string } & Record<string, unknown>;

/** What `…/execute` answers: the task, and in batch mode its events (all of them when `complete`). */
export type ExecutedTask = TaskView & {
  enable_streaming: boolean;
  /** Steers the task's run (pause, resume, cancel) as `X-Parley-Control-Token`, like `POST /api/v1/runs` answers. */
  control_token: string;
  /** Batch mode: every event up to the terminal one when `complete`; those so far when the wait ran out. */
  events?: TaskEvent[];
  complete?: boolean;
  /** Where the task stream continues from (its `Last-Event-ID`), in batch mode. */
  last_event_id?: string | null;
};
