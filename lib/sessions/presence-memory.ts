import "server-only";
// Presence within one process: anyone with an open stream here is online.
import { sessionChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { LocalStreams } from "./presence-local";
import type { PresenceStore } from "./presence-types";

export class MemoryPresence implements PresenceStore {
  private readonly local: LocalStreams;

  constructor(graceMs: number) {
    this.local = new LocalStreams(graceMs, {
      online: (sessionId, userId) => this.publish(sessionId, userId, true),
      offline: (sessionId, userId) => this.publish(sessionId, userId, false),
    });
  }

  private publish(sessionId: string, userId: string, online: boolean) {
    void publishEvent(sessionChannel(sessionId), "session.presence", { user_id: userId, online }).catch((error) =>
      console.error("presence publish failed", error),
    );
  }

  track(sessionId: string, userId: string): () => void {
    return this.local.track(sessionId, userId);
  }

  async online(sessionId: string): Promise<Set<string>> {
    return new Set(this.local.users(sessionId));
  }
}
