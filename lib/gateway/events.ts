// The tap's events (DESIGN.md "The LLM gateway"): every call through the gateway is announced on the hub
// channel `gateway` (and on its session's channel when attached to one) as started → text deltas →
// completed or failed — exactly one of the two, always after `request_started`. Pure zod: browsers, the
// terminal and the server share these; lib/events/schemas.ts lists them with the other built-in types.
import { z } from "zod";

/** The hub channel name (`ch:gateway`): `parley tail gateway` follows it. */
export const GATEWAY_CHANNEL = "gateway";

export const GATEWAY_PROVIDERS = ["openai", "anthropic"] as const;
export const GATEWAY_UPSTREAMS = ["openai", "compatible", "anthropic", "demo"] as const;

const id = z.string().min(1);
const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

export const gatewayEventSchemas = {
  "gateway.request_started": z.object({
    request_id: id,
    provider: z.enum(GATEWAY_PROVIDERS),
    model: id,
    /** The `X-Parley-Agent` header, else the API key's name. */
    agent: id,
    session_id: z.string().nullable().optional(),
    stream: z.boolean().optional(),
    /** Who answers: the provider, an OpenAI-compatible server, or the demo model. */
    upstream: z.enum(GATEWAY_UPSTREAMS).optional(),
    started_at: z.string().optional(),
    /**
     * USD per million tokens in and out, from the price table (null: the table does not know the model):
     * watchers estimate the cost of the text so far with it until `gateway.completed` says what it was.
     */
    price: z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).nullable().optional(),
  }),
  "gateway.text_delta": z.object({ request_id: id, text: z.string() }),
  "gateway.completed": z.object({
    request_id: id,
    input_tokens: count,
    output_tokens: count,
    cost_usd: z.number().nonnegative(),
    latency_ms: ms,
    finish_reason: z.string().nullable(),
    /** Time to the upstream's first byte. */
    ttfb_ms: ms.optional(),
    /** Text deltas the tap dropped for this call because its buffer was full (the caller got them all). */
    dropped_deltas: count.optional(),
  }),
  "gateway.failed": z.object({
    request_id: id,
    /** The HTTP status the caller got (499: the caller went away; 502: the upstream failed mid-stream). */
    status: z.number().int(),
    message: z.string(),
    latency_ms: ms.optional(),
    /** `budget_exceeded`: the key's daily budget refused the call, or ended its stream. */
    reason: z.enum(["budget_exceeded"]).optional(),
    /** What the call cost before it failed (a stream ended part-way), when anything. */
    input_tokens: count.optional(),
    output_tokens: count.optional(),
    cost_usd: z.number().nonnegative().optional(),
  }),
} as const;

export type GatewayProvider = (typeof GATEWAY_PROVIDERS)[number];
export type GatewayUpstream = (typeof GATEWAY_UPSTREAMS)[number];
