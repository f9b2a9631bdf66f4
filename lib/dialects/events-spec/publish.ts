import "server-only";
// Publishing the events spec's events over HTTP, as the systems that own the jobs emit them: `{type, job}`
// (or `{events: [...]}`) onto the project's hub channel, with the channel's checks, quotas and limits.
import { z } from "zod";
import type { Payer } from "@/lib/auth/quotas";
import { MAX_BATCH, type PublishResult, publishToChannel } from "@/lib/channels";
import { AppError } from "@/lib/errors";
import { PROJECT_ID_PATTERN, projectChannelName, SPEC_EVENTS, specEventSchema } from "./schema";

const batchSchema = z
  .object({ events: z.array(specEventSchema).min(1, "at least one event").max(MAX_BATCH, `at most ${MAX_BATCH} events`) })
  .strict();

/** The project of a URL segment — or 400. */
export function projectId(raw: string): string {
  if (!PROJECT_ID_PATTERN.test(raw)) throw new AppError("bad_request", "A project id is 1–100 characters of a-z, 0-9, '_', '-'");
  return raw;
}

export async function publishSpecEvents(project: string, body: unknown, payer: Payer): Promise<PublishResult> {
  // `{events: [...]}` or one event, told apart by the `events` key so errors name the right fields.
  const isBatch = typeof body === "object" && body !== null && !Array.isArray(body) && "events" in body;
  const events = isBatch ? batchSchema.parse(body).events : [specEventSchema.parse(body)];
  const hubEvents = events.map((e) => {
    const field = SPEC_EVENTS[e.type];
    return { type: e.type, data: { [field]: (e as Record<string, unknown>)[field] } };
  });
  return publishToChannel(projectChannelName(project), { events: hubEvents }, payer);
}
