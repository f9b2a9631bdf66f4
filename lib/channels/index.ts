import "server-only";
// Hub channels: outside systems publish their own events; browsers and terminals follow them.
import { z } from "zod";
import { chargeQuota, type Payer } from "@/lib/auth/quotas";
import { channelTokenTtl, mintChannelToken } from "@/lib/auth/tokens";
import { requireSecret } from "@/lib/env";
import { AppError, type ValidationIssue } from "@/lib/errors";
import { channelNameSchema, eventTypeSchema, hubChannel, MAX_EVENT_DATA_BYTES } from "@/lib/events/envelope";
import { builtinEventSchemas, isBuiltinEventType, isReservedEventType } from "@/lib/events/schemas";
import { getHub } from "@/lib/hub";
import type { ReadToken } from "./views";

export const MAX_BATCH = 100;
/** A full batch of maximum-size events, plus room for the JSON around them. */
export const MAX_PUBLISH_BODY_BYTES = MAX_BATCH * MAX_EVENT_DATA_BYTES + 256 * 1024;

const eventInputSchema = z.object({
  type: eventTypeSchema,
  data: z.unknown().default({}),
});

const singleSchema = eventInputSchema.strict();
const batchSchema = z
  .object({ events: z.array(eventInputSchema).min(1, "at least one event").max(MAX_BATCH, `at most ${MAX_BATCH} events`) })
  .strict();
export type PublishBody = z.input<typeof singleSchema> | z.input<typeof batchSchema>;

/** `{type, data}` or `{events: [...]}`, told apart by the `events` key so errors name the right fields. */
function parsePublishBody(body: unknown) {
  const isBatch = typeof body === "object" && body !== null && !Array.isArray(body) && "events" in body;
  return isBatch ? { events: batchSchema.parse(body).events, batch: true } : { events: [singleSchema.parse(body)], batch: false };
}

export interface PublishResult {
  events: { id: string; type: string; ts: string }[];
  last_event_id: string;
}

export const tokenBodySchema = z
  .object({ ttl_s: z.number().int().min(10).max(channelTokenTtl.max).default(channelTokenTtl.default) })
  .strict();

/** The channel name of a URL segment — or 400. */
export function channelName(raw: string): string {
  const parsed = channelNameSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("bad_request", "A channel name is 1–128 characters of a-z, 0-9, '_', '.', '-'");
  }
  return parsed.data;
}

/**
 * Validates every event first and charges them to the publisher's quota (429 past it); publishes all of
 * them contiguously, or none.
 */
export async function publishToChannel(name: string, body: unknown, payer: Payer): Promise<PublishResult> {
  const { events, batch } = parsePublishBody(body);
  const prefix = batch ? (i: number) => `events.${i}.` : () => "";

  const issues: ValidationIssue[] = [];
  let total = 0;
  events.forEach((event, i) => {
    const bytes = Buffer.byteLength(JSON.stringify(event.data ?? null));
    total += bytes + event.type.length;
    if (bytes > MAX_EVENT_DATA_BYTES) {
      throw new AppError("payload_too_large", `${prefix(i)}data is ${bytes} bytes; at most ${MAX_EVENT_DATA_BYTES} are allowed`);
    }
    if (isReservedEventType(event.type)) {
      issues.push({ path: `${prefix(i)}type`, message: `${event.type.split(".")[0]}.* types are reserved for Parley` });
    } else if (isBuiltinEventType(event.type)) {
      const check = builtinEventSchemas[event.type].safeParse(event.data);
      if (!check.success) {
        for (const issue of check.error.issues) {
          issues.push({ path: `${prefix(i)}data.${issue.path.join(".")}`.replace(/\.$/, ""), message: issue.message });
        }
      }
    }
  });
  if (issues.length > 0) throw new AppError("validation_failed", "The events are not valid", { issues });
  await chargeQuota("publish", payer, { events: events.length, bytes: total });

  const published = await getHub().publishBatch(
    hubChannel(name),
    events.map((e) => ({ type: e.type, data: e.data ?? {} })),
  );
  return {
    events: published.map((e) => ({ id: e.id, type: e.type, ts: e.ts })),
    last_event_id: published[published.length - 1]?.id ?? "",
  };
}

/** A read token for one channel, bound to the key that asks for it: revoking the key ends the token. */
export function createReadToken(name: string, keyId: string, ttlSeconds: number): ReadToken {
  const { token, expiresAt } = mintChannelToken(requireSecret(), name, keyId, ttlSeconds);
  const path = `/api/v1/channels/${name}/stream?token=${encodeURIComponent(token)}`;
  return {
    token,
    expires_at: expiresAt.toISOString(),
    stream_url: path,
    console_url: `/channels/${name}?token=${encodeURIComponent(token)}`,
  };
}
