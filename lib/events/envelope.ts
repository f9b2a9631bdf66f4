// The event envelope: one shape for every event on every channel, for server and client alike.
import { z } from "zod";
import { isCursor } from "./cursor";

export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
export const CHANNEL_NAME_PATTERN = /^[a-z0-9_.-]{1,128}$/;
/** JSON `data` of a hub-channel event, measured as UTF-8 bytes of its JSON text. */
export const MAX_EVENT_DATA_BYTES = 64 * 1024;

export const eventTypeSchema = z
  .string()
  .max(128, "at most 128 characters")
  .regex(EVENT_TYPE_PATTERN, "lowercase, dot-separated words (e.g. ingest.job.updated)");

export const channelNameSchema = z.string().regex(CHANNEL_NAME_PATTERN, "1–128 characters of a-z, 0-9, '_', '.', '-'");

/**
 * Hub channel ids: `run:<id>`, `session:<id>`, `ch:<name>`, `control:<run id>` (an external run's controls),
 * `access:<name>` (Parley's own access changes between instances: no reader's stream serves one),
 * `llmhive:<id>` (LLMHive's manual-test streams, lib/dialects/llmhive/manual-test.ts).
 */
export const channelIdSchema = z.string().regex(/^(run|session|ch|control|access|llmhive):[A-Za-z0-9_.-]{1,128}$/);

export const envelopeSchema = z.object({
  id: z.string().refine(isCursor, "not a cursor"),
  channel: channelIdSchema,
  type: eventTypeSchema,
  ts: z.string().datetime(),
  data: z.unknown(),
});

export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, "data"> & { data: T };

/** What a publisher supplies; the hub assigns `id`, `channel` and `ts`. */
export interface EventInput {
  type: string;
  data: unknown;
}

export const hubChannel = (name: string) => `ch:${name}`;
export const runChannel = (runId: string) => `run:${runId}`;
/** What people ask of an external run's producer (lib/ingest/external/producer-controls.ts). */
export const controlChannel = (runId: string) => `control:${runId}`;
export const sessionChannel = (sessionId: string) => `session:${sessionId}`;
/** Revoked API keys, for every instance (lib/auth/key-revocations.ts). */
export const KEY_REVOCATIONS_CHANNEL = "access:keys";
/** Revoked run share links, for every instance (lib/auth/stream-grants.ts). */
export const SHARE_LINK_REVOCATIONS_CHANNEL = "access:share-links";
