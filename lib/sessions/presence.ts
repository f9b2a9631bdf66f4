import "server-only";
// Who is online in a session: anyone with an open stream. Going offline waits a grace period, so a
// reconnect (a stream reaching its maximum duration, a network blip) does not flap. In-process for now;
// the Redis issue shares it across instances.
import { env } from "@/lib/env";
import { sessionChannel } from "@/lib/events/envelope";
import { getHub } from "@/lib/hub";

interface Entry {
  streams: number;
  offlineTimer: ReturnType<typeof setTimeout> | null;
}

const g = globalThis as unknown as { parleyPresence?: Map<string, Map<string, Entry>> };
g.parleyPresence ??= new Map();
const sessions = g.parleyPresence;

function publish(sessionId: string, userId: string, online: boolean) {
  void getHub()
    .publish(sessionChannel(sessionId), { type: "session.presence", data: { user_id: userId, online } })
    .catch((error) => console.error("presence publish failed", error));
}

/** Marks `userId` online while the returned release function has not been called. */
export function trackPresence(sessionId: string, userId: string): () => void {
  let users = sessions.get(sessionId);
  if (!users) {
    users = new Map();
    sessions.set(sessionId, users);
  }
  let entry = users.get(userId);
  if (!entry) {
    entry = { streams: 0, offlineTimer: null };
    users.set(userId, entry);
    publish(sessionId, userId, true);
  }
  if (entry.offlineTimer) {
    clearTimeout(entry.offlineTimer);
    entry.offlineTimer = null;
  }
  entry.streams++;
  const tracked = entry;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    tracked.streams--;
    if (tracked.streams > 0) return;
    tracked.offlineTimer = setTimeout(() => {
      tracked.offlineTimer = null;
      if (tracked.streams > 0) return;
      users.delete(userId);
      if (users.size === 0) sessions.delete(sessionId);
      publish(sessionId, userId, false);
    }, env.PARLEY_PRESENCE_GRACE_MS);
    tracked.offlineTimer.unref?.();
  };
}

export function onlineUsers(sessionId: string): Set<string> {
  return new Set(sessions.get(sessionId)?.keys() ?? []);
}
