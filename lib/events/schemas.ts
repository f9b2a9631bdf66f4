// The `data` schema of every built-in event type (DESIGN.md "The event envelope").
// Objects are loose: a producer may add fields, a consumer relies only on the ones named here.
import { z } from "zod";

const usd = z.number().nonnegative();
const tokens = z.number().int().nonnegative();
const text = z.string();

const usage = z.looseObject({ input_tokens: tokens, output_tokens: tokens, cost_usd: usd });
const budget = z.looseObject({ spent_usd: usd, limit_usd: usd });
const failure = z.looseObject({ error_type: z.string().min(1), message: text });
const empty = z.looseObject({});

export const builtinEventSchemas = {
  // runs
  "run.created": z.looseObject({ run_id: z.string().min(1), task: text }),
  "run.strategy_selected": z.looseObject({ strategy: z.enum(["pipeline", "debate", "race"]), reason: text }),
  "run.started": empty,
  "run.progress": z.looseObject({
    completed_steps: tokens,
    total_steps: tokens,
    est_remaining_ms: z.number().nonnegative().nullable(),
    cost_usd: usd,
  }),
  "run.paused": empty,
  "run.resumed": empty,
  "run.budget_warning": budget,
  "run.budget_exceeded": budget,
  "run.completed": z.looseObject({
    success: z.boolean(),
    summary: text,
    usage,
    duration_ms: z.number().nonnegative(),
  }),
  "run.failed": failure,
  "run.cancelled": empty,
  // agents
  "agent.turn_started": z.looseObject({
    turn_id: z.string().min(1),
    agent: z.string().min(1),
    role: text,
    model: z.string().min(1),
    round: z.number().int().nonnegative(),
    prompt_preview: text,
  }),
  "agent.token": z.looseObject({ turn_id: z.string().min(1), agent: z.string().min(1), text }),
  "agent.turn_completed": z.looseObject({
    turn_id: z.string().min(1),
    agent: z.string().min(1),
    model: z.string().min(1),
    text,
    input_tokens: tokens,
    output_tokens: tokens,
    cost_usd: usd,
    latency_ms: z.number().nonnegative(),
  }),
  "agent.turn_failed": z.looseObject({ turn_id: z.string().min(1), agent: z.string().min(1) }).and(failure),
  // tools and checks
  "tool.invoked": z.looseObject({ call_id: z.string().min(1), tool: z.string().min(1), input: z.unknown() }),
  "tool.result": z.looseObject({
    call_id: z.string().min(1),
    tool: z.string().min(1),
    success: z.boolean(),
    output_preview: text,
    latency_ms: z.number().nonnegative(),
  }),
  verification: z.looseObject({ passed: z.boolean(), verdict: text, score: z.number().optional() }),
  step: z.looseObject({ step: z.union([z.string(), z.number()]), description: text }),
  error: failure,
  // sessions
  "session.message_created": z.looseObject({ message: z.looseObject({ id: z.string().min(1) }) }),
  "session.participant_joined": z.looseObject({ user_id: z.string().min(1) }),
  "session.participant_left": z.looseObject({ user_id: z.string().min(1) }),
  "session.participant_updated": z.looseObject({ user_id: z.string().min(1) }),
  "session.presence": z.looseObject({ user_id: z.string().min(1), online: z.boolean() }),
  "session.typing": z.looseObject({ user_id: z.string().min(1) }),
  "session.run_started": z.looseObject({ run_id: z.string().min(1) }),
  "session.deleted": empty,
  // stream control
  "stream.reset": z.looseObject({ reason: text, cursor: z.string() }),
} as const;

export type BuiltinEventType = keyof typeof builtinEventSchemas;
export type BuiltinEventData<T extends BuiltinEventType> = z.infer<(typeof builtinEventSchemas)[T]>;

export function isBuiltinEventType(type: string): type is BuiltinEventType {
  return Object.hasOwn(builtinEventSchemas, type);
}

/** Types only Parley itself may emit: outside publishers cannot forge stream control. */
export function isReservedEventType(type: string): boolean {
  return type === "stream" || type.startsWith("stream.");
}
