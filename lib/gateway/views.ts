// What GET /api/v1/gateway answers: recent calls, totals per agent and per model over the last hour, the
// tap's counters, and the cursor to follow the `gateway` channel from. Schemas once, for the server, the
// page and the terminal.
import { z } from "zod";
import { GATEWAY_PROVIDERS, GATEWAY_UPSTREAMS } from "./events";

export const GATEWAY_STATUSES = ["streaming", "completed", "failed", "budget_exceeded"] as const;

export const gatewayCallViewSchema = z.object({
  request_id: z.string(),
  provider: z.enum(GATEWAY_PROVIDERS),
  upstream: z.enum(GATEWAY_UPSTREAMS),
  model: z.string(),
  agent: z.string(),
  session_id: z.string().nullable(),
  stream: z.boolean(),
  status: z.enum(GATEWAY_STATUSES),
  http_status: z.number().int().nullable(),
  finish_reason: z.string().nullable(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
  ttfb_ms: z.number().nullable(),
  latency_ms: z.number().nullable(),
  error: z.string().nullable(),
  /** The completion so far (live), or the stored preview (its first characters). */
  text: z.string(),
  started_at: z.string(),
  /** The model's price per million tokens, as `gateway.request_started` announced it (live calls only). */
  price: z.object({ input: z.number(), output: z.number() }).nullable().optional(),
});
export type GatewayCallView = z.infer<typeof gatewayCallViewSchema>;

export const totalsRowSchema = z.object({
  /** The agent's or the model's name. */
  name: z.string(),
  requests: z.number().int(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
});
export type TotalsRow = z.infer<typeof totalsRowSchema>;

export const gatewaySnapshotSchema = z.object({
  /** The `gateway` channel's head, read before the database: follow the stream from here. */
  last_event_id: z.string().nullable(),
  /** Newest first. */
  requests: z.array(gatewayCallViewSchema),
  totals: z.object({
    window_s: z.number(),
    by_agent: z.array(totalsRowSchema),
    by_model: z.array(totalsRowSchema),
  }),
  /** The tap's counters in this process: events published, deltas dropped, writes waiting… */
  tap: z.record(z.string(), z.number()),
});
export type GatewaySnapshot = z.infer<typeof gatewaySnapshotSchema>;
