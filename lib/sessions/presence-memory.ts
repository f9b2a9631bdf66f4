import "server-only";
// Presence within one process: anyone with an open stream here is online. Going offline waits a grace
// period, so a reconnect (a stream reaching its maximum duration, a network blip) does not flap.
import { sessionChannel } from "@/lib/events/envelope";
import type { Hub } from "@/lib/hub";
import type { PresenceStore } from "./presence-types";

interface Entry {
  streams: number;
  offlineTimer: ReturnType<typeof setTimeout> | null;
}

export class MemoryPresence implements PresenceStore {
  private readonly sessions = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly hub: Hub,
    private readonly graceMs: number,
  ) {}

  private publish(sessionId: string, userId: string, online: boolean) {
    void this.hub
      .publish(sessionChannel(sessionId), { type: "session.presence", data: { user_id: userId, online } })
      .catch((error) => console.error("presence publish failed", error));
  }

  track(sessionId: string, userId: string): () => void {
    let users = this.sessions.get(sessionId);
    if (!users) {
      users = new Map();
      this.sessions.set(sessionId, users);
    }
    let entry = users.get(userId);
    if (!entry) {
      entry = { streams: 0, offlineTimer: null };
      users.set(userId, entry);
      this.publish(sessionId, userId, true);
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
        if (users.size === 0) this.sessions.delete(sessionId);
        this.publish(sessionId, userId, false);
      }, this.graceMs);
      tracked.offlineTimer.unref?.();
    };
  }

  async online(sessionId: string): Promise<Set<string>> {
    return new Set(this.sessions.get(sessionId)?.keys() ?? []);
  }
}
