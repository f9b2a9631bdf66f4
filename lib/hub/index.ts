import "server-only";
import { env } from "@/lib/env";
import type { Envelope } from "@/lib/events/envelope";
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import { processGlobal } from "@/lib/process-global";
import { MemoryHub } from "./memory";
import type { Hub } from "./types";
import { UpstashHub } from "./upstash";

export type { Hub, HubStats, Unsubscribe } from "./types";

/** A channel's Redis stream expires this long after its last event (the database keeps what lasts). */
const STREAM_TTL_S = 24 * 60 * 60;

function createHub(): Hub {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    return new UpstashHub({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      history: env.PARLEY_HUB_HISTORY,
      ttlSeconds: STREAM_TTL_S,
    });
  }
  return new MemoryHub({
    history: env.PARLEY_HUB_HISTORY,
    historyBytes: 64 * 1024 * 1024,
    idleMs: 24 * 60 * 60 * 1000,
  });
}

/** The process's hub: one per process, however often `next dev` re-evaluates this module. */
export function getHub(): Hub {
  return processGlobal("hub", createHub);
}

/** Publishes one of Parley's own events, its data typed by the schema of its type. */
export function publishEvent<T extends BuiltinEventType>(channel: string, type: T, data: EventData<T>): Promise<Envelope> {
  return getHub().publish(channel, { type, data });
}
