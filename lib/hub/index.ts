import "server-only";
import { env } from "@/lib/env";
import type { Envelope } from "@/lib/events/envelope";
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import { processGlobal } from "@/lib/process-global";
import { tally } from "@/lib/telemetry/tally";
import { MemoryHub } from "./memory";
import type { Hub } from "./types";
import { UpstashHub } from "./upstash";

export type { Hub, HubStats, Unsubscribe } from "./types";

function createHub(): Hub {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    return new UpstashHub({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      history: env.PARLEY_HUB_HISTORY,
      historyBytes: env.PARLEY_HUB_CHANNEL_BYTES,
      maxBytes: env.PARLEY_HUB_MAX_BYTES,
      // A channel's stream expires this long after its last event (the database keeps what lasts).
      ttlSeconds: env.PARLEY_HUB_TTL_S,
    });
  }
  return new MemoryHub({
    history: env.PARLEY_HUB_HISTORY,
    historyBytes: env.PARLEY_HUB_CHANNEL_BYTES,
    maxBytes: env.PARLEY_HUB_MAX_BYTES,
    idleMs: env.PARLEY_HUB_TTL_S * 1000,
  });
}

/** The process's hub: one per process, however often `next dev` re-evaluates this module. */
export function getHub(): Hub {
  return processGlobal("hub", () => {
    const hub = createHub();
    tally.hubStats = () => hub.stats();
    return hub;
  });
}

/** Publishes one of Parley's own events, its data typed by the schema of its type. */
export function publishEvent<T extends BuiltinEventType>(channel: string, type: T, data: EventData<T>): Promise<Envelope> {
  return getHub().publish(channel, { type, data });
}
