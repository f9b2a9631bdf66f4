import "server-only";
// Who is online in a session: anyone with an open stream. With the memory hub that is this process's
// streams; with the upstash hub it is every instance's, kept in Redis.
import { env } from "@/lib/env";
import { getHub } from "@/lib/hub";
import { UpstashHub } from "@/lib/hub/upstash";
import { processGlobal } from "@/lib/process-global";
import { MemoryPresence } from "./presence-memory";
import { RedisPresence } from "./presence-redis";
import type { PresenceStore } from "./presence-types";

/** Instances renew their users this often; a user whose instance stopped renewing is offline after the TTL. */
const HEARTBEAT_MS = 10_000;
const TTL_MS = 30_000;

function createStore(): PresenceStore {
  const hub = getHub();
  return hub instanceof UpstashHub
    ? new RedisPresence(hub, { graceMs: env.PARLEY_PRESENCE_GRACE_MS, ttlMs: TTL_MS, heartbeatMs: HEARTBEAT_MS })
    : new MemoryPresence(env.PARLEY_PRESENCE_GRACE_MS);
}

const store = () => processGlobal("presence", createStore);

/** Marks `userId` online while the returned release function has not been called. */
export function trackPresence(sessionId: string, userId: string): () => void {
  return store().track(sessionId, userId);
}

export function onlineUsers(sessionId: string): Promise<Set<string>> {
  return store().online(sessionId);
}
