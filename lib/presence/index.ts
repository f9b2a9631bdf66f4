import "server-only";
// A presence store for the configured hub: this process's streams (memory hub), or every instance's,
// kept in Redis (upstash hub).
import { env } from "@/lib/env";
import { getHub } from "@/lib/hub";
import { UpstashHub } from "@/lib/hub/upstash";
import { MemoryPresence } from "./memory";
import { RedisPresence } from "./redis";
import type { PresenceOptions, PresenceStore } from "./types";

/** Instances renew their members this often; a member whose instance stopped renewing is gone after the TTL. */
const HEARTBEAT_MS = 10_000;
const TTL_MS = 30_000;

export function createPresenceStore(options: Omit<PresenceOptions, "graceMs">): PresenceStore {
  const hub = getHub();
  const graceMs = env.PARLEY_PRESENCE_GRACE_MS;
  return hub instanceof UpstashHub
    ? new RedisPresence(hub, { ...options, graceMs, ttlMs: TTL_MS, heartbeatMs: HEARTBEAT_MS })
    : new MemoryPresence({ ...options, graceMs });
}

export type { PresenceStore } from "./types";
