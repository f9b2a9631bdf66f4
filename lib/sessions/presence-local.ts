// The streams this process holds open, per session and user: someone comes online with their first
// stream here and goes offline a grace period after their last one closed, so a reconnect (a stream
// reaching its maximum duration, a network blip) does not flap. Both presence stores build on it.

interface Entry {
  streams: number;
  offlineTimer: ReturnType<typeof setTimeout> | null;
}

export interface LocalStreamEvents {
  online(sessionId: string, userId: string): void;
  offline(sessionId: string, userId: string): void;
}

export class LocalStreams {
  private readonly sessions = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly graceMs: number,
    private readonly events: LocalStreamEvents,
  ) {}

  /** Counts one more open stream; the returned function counts it closed (once). */
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
      this.events.online(sessionId, userId);
    }
    if (entry.offlineTimer) {
      clearTimeout(entry.offlineTimer);
      entry.offlineTimer = null;
    }
    entry.streams++;
    const tracked = entry;
    const sessionUsers = users;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      tracked.streams--;
      if (tracked.streams > 0) return;
      tracked.offlineTimer = setTimeout(() => {
        tracked.offlineTimer = null;
        if (tracked.streams > 0) return;
        sessionUsers.delete(userId);
        if (sessionUsers.size === 0) this.sessions.delete(sessionId);
        this.events.offline(sessionId, userId);
      }, this.graceMs);
      tracked.offlineTimer.unref?.();
    };
  }

  users(sessionId: string): string[] {
    return [...(this.sessions.get(sessionId)?.keys() ?? [])];
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  *all(): Generator<[string, string[]]> {
    for (const [sessionId, users] of this.sessions) yield [sessionId, [...users.keys()]];
  }
}
