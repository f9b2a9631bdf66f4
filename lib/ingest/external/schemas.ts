// What an external run's producer sends: the create body, and the events it may post — the built-in
// run, agent, tool, verification, step and error events, with what Parley derives itself made optional
// (a turn's model and text, usage, cost, latency, a run's usage and duration) — plus the run's state,
// a turn's reasoning and log entries, which AG-UI producers bring (lib/ingest/ag-ui/inbound.ts).
import { z } from "zod";
import { builtinEventSchemas, jsonPatchSchema } from "@/lib/events/schemas";
import { producerCapabilitiesSchema } from "@/lib/runs/schemas";

export const MAX_EXTERNAL_BATCH = 100;

const name = z.string().trim().min(1).max(40);

export const externalAgentSchema = z
  .object({
    name,
    role: z.string().trim().min(1).max(200).optional(),
    /** Any model name; one the price table knows (`openai:gpt-4o` or `gpt-4o`) is priced. */
    model: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

export const createExternalRunSchema = z
  .object({
    source: z.literal("external"),
    task: z.string().trim().min(1, "a task is required").max(4000),
    agents: z.array(externalAgentSchema).max(32).optional(),
    session_id: z.string().min(1).max(100).optional(),
    /** What the producer can do beyond posting events; kept with the run (its config). */
    capabilities: producerCapabilitiesSchema.optional(),
  })
  .strict();
export type CreateExternalRunInput = z.infer<typeof createExternalRunSchema>;

const id = z.string().min(1).max(200);
const tokens = z.number().int().nonnegative();
const usd = z.number().nonnegative();
const ms = z.number().nonnegative();

export const producerEventSchemas = {
  "agent.turn_started": z.object({
    turn_id: id,
    agent: name,
    role: z.string().max(200).optional(),
    model: z.string().min(1).max(120).optional(),
    round: z.number().int().nonnegative().optional(),
    prompt_preview: z.string().optional(),
  }),
  "agent.token": z.object({ turn_id: id, agent: z.string().optional(), text: z.string() }),
  /** What the agent reasoned, streamed like its tokens; shown collapsed under the turn. */
  "agent.reasoning": z.object({ turn_id: id, agent: z.string().optional(), text: z.string() }),
  "agent.turn_completed": z.object({
    turn_id: id,
    agent: z.string().optional(),
    model: z.string().min(1).max(120).optional(),
    /** The turn's whole text; unset: what its tokens said. */
    text: z.string().optional(),
    input_tokens: tokens.optional(),
    output_tokens: tokens.optional(),
    cost_usd: usd.optional(),
    latency_ms: ms.optional(),
  }),
  "agent.turn_failed": z.object({
    turn_id: id,
    agent: z.string().optional(),
    error_type: id,
    message: z.string(),
    input_tokens: tokens.optional(),
    output_tokens: tokens.optional(),
    cost_usd: usd.optional(),
  }),
  "tool.invoked": z.object({
    call_id: id,
    tool: id,
    input: z.unknown(),
    /** The turn making the call (running or ended: calls often follow the text); unset: the last running turn. */
    turn_id: id.optional(),
  }),
  "tool.result": z.object({
    call_id: id,
    tool: id.optional(),
    success: z.boolean(),
    output_preview: z.string().default(""),
    latency_ms: ms.optional(),
  }),
  verification: builtinEventSchemas.verification,
  step: builtinEventSchemas.step,
  error: builtinEventSchemas.error,
  /** The run's shared state: whole (`state`), or changed by a JSON Patch (`patch`, RFC 6902). */
  "run.state": z.union([z.object({ state: z.json() }).strict(), z.object({ patch: jsonPatchSchema.min(1).max(1000) }).strict()]),
  /** Anything else worth keeping (AG-UI RAW, CUSTOM): shown in the run's event log as it came. */
  "run.log": z.object({
    source: z.string().trim().min(1).max(40).default("producer"),
    type: z.string().trim().min(1).max(128),
    data: z.json(),
  }),
  /** Asks the people watching to approve, redirect or reject (a gate); their decision comes back as a control. */
  "run.awaiting_approval": z.object({
    /** The turn to decide on; unset: the latest turn. */
    turn_id: id.optional(),
    proposal_preview: z.string().max(4000).optional(),
    quorum: z.number().int().min(1).max(50).default(1),
    timeout_s: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional(),
    default_action: z.enum(["approve", "reject"]).default("reject"),
  }),
  "run.paused": z.object({}),
  "run.resumed": z.object({}),
  "run.completed": z.object({ success: z.boolean().default(true), summary: z.string().default("") }),
  "run.failed": z.object({ error_type: id, message: z.string() }),
  "run.cancelled": z.object({ reason: z.string().optional() }),
} as const;

export type ProducerEventType = keyof typeof producerEventSchemas;
export type ProducerEvent = {
  [T in ProducerEventType]: { type: T; data: z.output<(typeof producerEventSchemas)[T]> };
}[ProducerEventType];

export type ProducerData<T extends ProducerEventType> = z.output<(typeof producerEventSchemas)[T]>;

export function isProducerEventType(type: string): type is ProducerEventType {
  return Object.hasOwn(producerEventSchemas, type);
}

const eventInputSchema = z.object({ type: z.string().max(128), data: z.unknown().default({}) }).strict();

/**
 * `{type, data}` or `{events: [...]}` (at most 100), told apart by the `events` key. `{events: []}` is a
 * heartbeat: it renews the producer's lease (PARLEY_EXTERNAL_IDLE_S) and answers with people's controls.
 */
export const producerBodySchema = z.union([
  z.object({ events: z.array(eventInputSchema).max(MAX_EXTERNAL_BATCH) }).strict(),
  eventInputSchema,
]);
export type ProducerBody = z.input<typeof producerBodySchema>;
