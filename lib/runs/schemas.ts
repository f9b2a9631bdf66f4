// Runs: what a client may ask for, and the shapes everything else shares.
import { z } from "zod";

export const STRATEGIES = ["pipeline", "debate", "race"] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const TERMINAL_STATUSES = ["completed", "failed", "cancelled"] as const;
export type RunStatus = "queued" | "running" | "paused" | (typeof TERMINAL_STATUSES)[number];

/** `demo`, `demo:<variant>`, `openai:<model>`, `anthropic:<model>` or `compatible:<model>`. */
export const modelIdSchema = z
  .string()
  .regex(
    /^(demo(:[a-z0-9-]{1,40})?|(openai|anthropic|compatible):[A-Za-z0-9._:/-]{1,100})$/,
    "a model is demo, openai:<name>, anthropic:<name> or compatible:<name>",
  );

const agentSchema = z.union([
  z.string().trim().min(1).max(40),
  z
    .object({
      name: z.string().trim().min(1).max(40),
      role: z.string().trim().min(1).max(200).optional(),
      model: modelIdSchema.optional(),
      stance: z.string().trim().min(1).max(200).optional(),
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

export interface AgentSpec {
  name: string;
  role: string;
  model: string;
  stance?: string;
}

export interface RunConfig {
  agents: AgentSpec[];
  rounds: number;
  budget_usd: number | null;
  max_tokens: number | null;
  seed: number;
}

export const listRunsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^run_[0-9a-z]{19}$/, "cursor must be a run id")
    .optional(),
});
