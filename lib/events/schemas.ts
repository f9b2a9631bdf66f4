// The `data` schema of every built-in event type (DESIGN.md "The event envelope") — the one source of
// the events' types: producers are typed by it (`EventData<"agent.token">`), consumers narrow the
// `BuiltinEvent` union by `type`. Parsing accepts extra fields (a producer may add some; they are
// stripped from the typed result), so a consumer relies only on the fields named here.
import { z } from "zod";
import { gatewayEventSchemas } from "@/lib/gateway/events";
import { agentSpecSchema, RUN_STRATEGIES, STRATEGIES } from "@/lib/runs/schemas";
import { anchorSchema, approvalSchema, GATE_DECISIONS } from "@/lib/runs/steering/schemas";
import { GUEST_RIGHTS } from "@/lib/sessions/schemas";
import { messageViewSchema, participantViewSchema } from "@/lib/sessions/views";
import type { Envelope } from "./envelope";

const usd = z.number().nonnegative();
const tokens = z.number().int().nonnegative();
const text = z.string();
const id = z.string().min(1);

const usage = z.object({ input_tokens: tokens, output_tokens: tokens, cost_usd: usd });
const budget = z.object({
  spent_usd: usd,
  limit_usd: usd,
  spent_tokens: tokens.optional(),
  limit_tokens: tokens.nullable().optional(),
});
const failure = z.object({ error_type: id, message: text });
const empty = z.object({});
const toolCall = { call_id: id, tool: id };
const controlRequest = z.object({ requested_by: z.string().nullable() });
/** Where a piece of text starts in its turn's text (UTF-16 units): readers skip what they already have. */
const offset = tokens.optional();
/** One RFC 6902 operation (AG-UI STATE_DELTA); applied by fast-json-patch, which checks it further. */
export const jsonPatchSchema = z.array(
  z.object({
    op: z.enum(["add", "remove", "replace", "move", "copy", "test"]),
    path: z.string(),
    from: z.string().optional(),
    value: z.unknown(),
  }),
);

export const builtinEventSchemas = {
  // runs
  "run.created": z.object({
    run_id: id,
    task: text,
    strategy: z.enum(RUN_STRATEGIES).optional(),
    agents: z.array(agentSpecSchema).optional(),
    session_id: z.string().nullable().optional(),
    demo: z.boolean().optional(),
  }),
  "run.strategy_selected": z.object({ strategy: z.enum(STRATEGIES), reason: text }),
  "run.started": z.object({
    agents: z.array(agentSpecSchema).optional(),
    rounds: z.number().int().positive().optional(),
    budget_usd: usd.nullable().optional(),
    max_tokens: tokens.nullable().optional(),
    approval: approvalSchema.optional(),
  }),
  "run.progress": z.object({
    completed_steps: tokens,
    total_steps: tokens,
    est_remaining_ms: z.number().nonnegative().nullable(),
    cost_usd: usd,
  }),
  "run.paused": empty,
  "run.resumed": empty,
  "run.budget_warning": budget,
  "run.budget_exceeded": budget,
  "run.completed": z.object({ success: z.boolean(), summary: text, usage, duration_ms: z.number().nonnegative() }),
  // A run that stopped early reports what it spent, partial turns included.
  "run.failed": failure.extend({ usage: usage.optional() }),
  "run.cancelled": z.object({ reason: text.optional(), usage: usage.optional() }),
  /**
   * A run forked from another's turn (lib/runs/fork): on the fork's channel right after its run.created,
   * and on the source's while the source has not ended (a finished run's stream is over; its snapshot
   * lists its forks). `run_id` is the fork.
   */
  "run.forked": z.object({
    run_id: id,
    forked_from: z.object({ run_id: id, turn_id: id }),
    inherited_turns: tokens,
    by: z.string().nullable(),
  }),
  // agents
  "agent.turn_started": z.object({
    turn_id: id,
    agent: id,
    role: text,
    model: id,
    round: z.number().int().nonnegative(),
    prompt_preview: text,
    /** The people's notes this turn read (run.interjection ids); outside producers may leave it out. */
    interjections: z.array(id).optional(),
    /** A fork's turn carried over from its source (the source turn's id): shown whole, not billed again. */
    inherited_from: id.nullable().optional(),
  }),
  "agent.token": z.object({ turn_id: id, agent: id, text, offset }),
  /** What the agent reasoned (AG-UI REASONING_*): shown collapsed under its turn. */
  "agent.reasoning": z.object({ turn_id: id, agent: id, text, offset }),
  "agent.turn_completed": z.object({
    turn_id: id,
    agent: id,
    model: id,
    text,
    input_tokens: tokens,
    output_tokens: tokens,
    cost_usd: usd,
    latency_ms: z.number().nonnegative(),
  }),
  // What a stopped turn said before it stopped is real usage: counted (estimated) and reported.
  "agent.turn_failed": failure.extend({
    turn_id: id,
    agent: id,
    input_tokens: tokens.optional(),
    output_tokens: tokens.optional(),
    cost_usd: usd.optional(),
  }),
  /** A turn replaced by a later one of the same agent: redirected at a gate, or retried elsewhere. */
  "agent.turn_superseded": z.object({ turn_id: id, agent: id, reason: z.enum(["redirected", "retried"]) }),
  // steering: what people do to a live run (DESIGN.md "Steering")
  "run.interjection": z.object({ id, author: id, display_name: text, content: text, to: id.nullable() }),
  "run.awaiting_approval": z.object({
    gate_id: id,
    step: z.number().int().positive(),
    agent: id,
    turn_id: id,
    proposal_preview: text,
    quorum: z.number().int().positive(),
    timeout_at: z.string().nullable(),
    default_action: z.enum(GATE_DECISIONS),
  }),
  "run.gate_vote": z.object({ gate_id: id, user_id: id, display_name: text, decision: z.enum(GATE_DECISIONS) }),
  "run.gate_decided": z.object({
    gate_id: id,
    decision: z.enum(GATE_DECISIONS),
    voters: z.array(id),
    note: text.nullable(),
    timed_out: z.boolean(),
  }),
  "run.comment": z.object({ id, author: id, display_name: text, content: text, anchor: anchorSchema }),
  "run.comment_deleted": z.object({ id }),
  /** Who has the run open now: the session's participants by name (and an account's avatar), everyone else as a count. */
  "run.watchers": z.object({
    participants: z.array(z.object({ user_id: id, display_name: text, avatar_url: z.string().nullable().optional() })),
    others: z.number().int().nonnegative(),
  }),
  // tools and checks
  "tool.invoked": z.object({ ...toolCall, input: z.unknown() }),
  "tool.result": z.object({
    ...toolCall,
    success: z.boolean(),
    output_preview: text,
    latency_ms: z.number().nonnegative(),
  }),
  verification: z.object({ passed: z.boolean(), verdict: text, score: z.number().optional() }),
  step: z.object({ step: z.union([z.string(), z.number()]), description: text }),
  error: failure,
  /** An external run's shared state, whole; `patch` says how it changed (AG-UI STATE_DELTA). */
  "run.state": z.object({ state: z.unknown(), patch: jsonPatchSchema.optional() }),
  /** An outside producer's event that is no run event (AG-UI RAW, CUSTOM, unknown types), kept as it came. */
  "run.log": z.object({ id, source: id, type: id, data: z.unknown() }),
  // sessions
  "session.message_created": z.object({ message: messageViewSchema }),
  "session.participant_joined": z.object({ user_id: id, participant: participantViewSchema }),
  "session.participant_left": z.object({ user_id: id, reason: z.enum(["left", "removed"]).optional() }),
  "session.participant_updated": z.object({ user_id: id, participant: participantViewSchema }),
  "session.presence": z.object({ user_id: id, online: z.boolean() }),
  "session.typing": z.object({ user_id: id, display_name: z.string().nullable().optional() }),
  "session.run_started": z.object({
    run_id: id,
    task: text.optional(),
    strategy: z.enum(RUN_STRATEGIES).optional(),
    started_by: z.string().nullable().optional(),
  }),
  "session.deleted": z.object({ session_id: id.optional() }),
  /** The owner changed the session's settings (lib/sessions/guests.ts: what guests may do). */
  "session.updated": z.object({ session_id: id, guests: z.enum(GUEST_RIGHTS) }),
  // the LLM gateway (lib/gateway), on the hub channel `gateway` and the session a call is attached to
  ...gatewayEventSchemas,
  // what people ask of an external run's producer, on the channel `control:<run id>`
  "control.pause": controlRequest,
  "control.resume": controlRequest,
  "control.cancel": controlRequest,
  "control.note": z.object({ id, display_name: text, content: text, to: id.nullable() }),
  "control.gate_decided": z.object({ gate_id: id, decision: z.enum(GATE_DECISIONS), note: text.nullable() }),
  /** A fork of the run for a producer that declared it can resume from a step (`capabilities.fork`): it runs the new run. */
  "control.fork": z.object({
    run_id: id,
    forked_from: z.object({ run_id: id, turn_id: id }),
    inherited_turns: z.number().int().nonnegative(),
    instruction: text.nullable(),
    model: z.string().nullable(),
  }),
  // access changes between instances, on the channel `access:keys` (lib/auth/key-revocations.ts)
  "access.key_revoked": z.object({ key_id: id }),
  "access.share_link_revoked": z.object({ link_id: id }),
  // stream control
  "stream.reset": z.object({ reason: text, cursor: z.string() }),
} as const;

export type BuiltinEventType = keyof typeof builtinEventSchemas;
/** What a producer passes for an event of type `T`. */
export type EventData<T extends BuiltinEventType> = z.input<(typeof builtinEventSchemas)[T]>;
/** A built-in event as a consumer sees it: narrow it by `type` and `data` is typed. */
export type BuiltinEvent = {
  [T in BuiltinEventType]: Omit<Envelope, "type" | "data"> & { type: T; data: EventData<T> };
}[BuiltinEventType];
export type EventOf<T extends BuiltinEventType> = Extract<BuiltinEvent, { type: T }>;

export function isBuiltinEventType(type: string): type is BuiltinEventType {
  return Object.hasOwn(builtinEventSchemas, type);
}

/** Types only Parley itself may emit: outside publishers cannot forge stream control, the gateway's tap or access changes. */
export function isReservedEventType(type: string): boolean {
  return ["stream", "gateway", "control", "access"].some((prefix) => type === prefix || type.startsWith(`${prefix}.`));
}

/**
 * The envelope as a typed built-in event — its data checked against its type's schema — or null for
 * another type, or data that does not match (a consumer then ignores it rather than guess).
 */
export function asBuiltinEvent(envelope: Envelope): BuiltinEvent | null {
  if (!isBuiltinEventType(envelope.type)) return null;
  const parsed = builtinEventSchemas[envelope.type].safeParse(envelope.data);
  if (!parsed.success) return null;
  return { ...envelope, type: envelope.type, data: parsed.data } as BuiltinEvent;
}
