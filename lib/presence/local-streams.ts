// The streams this process holds open, per room (a session, a run) and member (a user, or an anonymous
// reader): a member comes online with their first stream here and goes offline a grace period after their
// last one closed, so a reconnect (a stream reaching its maximum duration, a network blip) does not flap.
// Both presence stores build on it.

interface Entry {
  streams: number;
  offlineTimer: ReturnType<typeof setTimeout> | null;
}

export interface LocalStreamEvents {
  online(room: string, member: string): void;
  offline(room: string, member: string): void;
}

export class LocalStreams {
  private readonly rooms = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly graceMs: number,
    private readonly events: LocalStreamEvents,
  ) {}

  /** Counts one more open stream; the returned function counts it closed (once). */
  track(room: string, member: string): () => void {
    let members = this.rooms.get(room);
    if (!members) {
      members = new Map();
      this.rooms.set(room, members);
    }
    let entry = members.get(member);
    if (!entry) {
      entry = { streams: 0, offlineTimer: null };
      members.set(member, entry);
      this.events.online(room, member);
    }
    if (entry.offlineTimer) {
      clearTimeout(entry.offlineTimer);
      entry.offlineTimer = null;
    }
    entry.streams++;
    const tracked = entry;
    const roomMembers = members;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      tracked.streams--;
      if (tracked.streams > 0) return;
      tracked.offlineTimer = setTimeout(() => {
        tracked.offlineTimer = null;
        if (tracked.streams > 0) return;
        roomMembers.delete(member);
        if (roomMembers.size === 0) this.rooms.delete(room);
        this.events.offline(room, member);
      }, this.graceMs);
      tracked.offlineTimer.unref?.();
    };
  }

  members(room: string): string[] {
    return [...(this.rooms.get(room)?.keys() ?? [])];
  }

  get roomCount(): number {
    return this.rooms.size;
  }

  *all(): Generator<[string, string[]]> {
    for (const [room, members] of this.rooms) yield [room, [...members.keys()]];
  }
}
