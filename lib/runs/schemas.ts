// Runs: what a client may ask for, and the shapes everything else shares.
import { z } from "zod";
import { sortableIdPattern } from "@/lib/id-patterns";
import { isOneLine, ONE_LINE_MESSAGE } from "@/lib/text-safety";
import { approvalInputShape, approvalSchema, NO_APPROVAL } from "./steering/schemas";

export const STRATEGIES = ["pipeline", "debate", "race"] as const;
export type Strategy = (typeof STRATEGIES)[number];
/** What a run's `strategy` can be: one Parley executes, or `external` — its agents live elsewhere (lib/ingest/external). */
export const RUN_STRATEGIES = [...STRATEGIES, "external"] as const;
export type RunStrategy = (typeof RUN_STRATEGIES)[number];
export const isBuiltinStrategy = (strategy: RunStrategy): strategy is Strategy => strategy !== "external";
export const RUN_STATUSES = ["queued", "running", "paused", "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly RunStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** The one rule for "is the run finished?": a status from which nothing follows. */
const terminalStatuses: ReadonlySet<string> = new Set(TERMINAL_STATUSES);
export function isTerminalStatus(status: string): status is TerminalStatus {
  return terminalStatuses.has(status);
}

/** The event that ends a run — after it, the run's stream is over. */
export const TERMINAL_EVENT_TYPES = ["run.completed", "run.failed", "run.cancelled"] as const;
const terminalEventTypes: ReadonlySet<string> = new Set(TERMINAL_EVENT_TYPES);
export function isTerminalEventType(type: string): type is (typeof TERMINAL_EVENT_TYPES)[number] {
  return terminalEventTypes.has(type);
}

/** `demo`, `demo:<variant>`, `openai:<model>`, `anthropic:<model>` or `compatible:<model>`. */
export const modelIdSchema = z
  .string()
  .regex(
    /^(demo(:[a-z0-9-]{1,40})?|(openai|anthropic|compatible):[A-Za-z0-9._:/-]{1,100})$/,
    "a model is demo, openai:<name>, anthropic:<name> or compatible:<name>",
  );

const agentName = z.string().trim().min(1).max(40).refine(isOneLine, ONE_LINE_MESSAGE);

const agentSchema = z.union([
  agentName,
  z
    .object({
      name: agentName,
      role: z.string().trim().min(1).max(200).optional(),
      model: modelIdSchema.optional(),
      stance: z.string().trim().min(1).max(200).optional(),
      /** The agent's own system prompt (a saved agent's instructions), instead of its role's. */
      instructions: z.string().trim().min(1).max(8000).optional(),
    })
    .strict(),
]);

export const createRunSchema = z
  .object({
    task: z.string().trim().min(1, "a task is required").max(4000),
    strategy: z.enum(STRATEGIES).optional(),
    agents: z.array(agentSchema).min(1).max(8).optional(),
    model: modelIdSchema.optional(),
    rounds: z.number().int().min(1).max(5).optional(),
    budget_usd: z.number().positive().max(1000).optional(),
    max_tokens: z.number().int().min(50).max(1_000_000).optional(),
    session_id: z.string().min(1).max(100).optional(),
    ...approvalInputShape,
    /** The demo model's seed: the same seed and task give the same run. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional(),
  })
  .strict();

export type CreateRunInput = z.infer<typeof createRunSchema>;

/** An agent as a run was planned with it. */
export const agentSpecSchema = z.object({
  name: z.string().min(1),
  role: z.string(),
  model: z.string().min(1),
  stance: z.string().optional(),
  instructions: z.string().optional(),
});
export type AgentSpec = z.infer<typeof agentSpecSchema>;

/** What a run was started with, stored as `runs.config` and parsed back with this schema. */
/**
 * What an external run's producer declared it can do (POST /api/v1/runs {source: "external", capabilities}).
 * `fork`: it can resume its run from a step, so a fork of the run is a new external run it is told to run
 * (a `control.fork` on the run's controls) instead of a 409.
 */
export const producerCapabilitiesSchema = z.object({ fork: z.boolean().default(false) }).strict();
export type ProducerCapabilities = z.infer<typeof producerCapabilitiesSchema>;

export const runConfigSchema = z.object({
  // An external run may start without agents: they are added as its producer's turns name them.
  agents: z.array(agentSpecSchema),
  rounds: z.number().int().positive(),
  budget_usd: z.number().positive().nullable(),
  max_tokens: z.number().int().positive().nullable(),
  seed: z.number().int().nonnegative(),
  /** Runs stored before gates existed ask for none. */
  approval: approvalSchema.default(NO_APPROVAL),
  /** An external run's producer's declared capabilities; unset: none (and always for built-in runs). */
  capabilities: producerCapabilitiesSchema.optional(),
});
export type RunConfig = z.infer<typeof runConfigSchema>;

/** The steering a run's creator, control-token holder or session editors may ask for. */
export const RUN_ACTIONS = ["cancel", "pause", "resume"] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];
const runActions: ReadonlySet<string> = new Set(RUN_ACTIONS);
export function isRunAction(action: string): action is RunAction {
  return runActions.has(action);
}

/** A reviewer's or judge's verdict, stored as `runs.verdict`. */
export const verdictSchema = z.object({
  passed: z.boolean(),
  verdict: z.string(),
  score: z.number().optional(),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** A tool call made around a turn, stored in `agent_turns.tools`. */
export const toolRecordSchema = z.object({
  call_id: z.string().min(1),
  tool: z.string().min(1),
  input: z.unknown(),
  success: z.boolean(),
  output_preview: z.string(),
  latency_ms: z.number().nonnegative(),
});
export type ToolRecord = z.infer<typeof toolRecordSchema>;

export const listRunsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().regex(sortableIdPattern("run"), "cursor must be a run id").optional(),
});
