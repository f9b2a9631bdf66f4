import "server-only";
// Presence within one process: a member with a stream open here is present.
import { publishEvent } from "@/lib/hub";
import { LocalStreams } from "./local-streams";
import type { PresenceOptions, PresenceStore } from "./types";

export class MemoryPresence implements PresenceStore {
  private readonly local: LocalStreams;

  constructor(private readonly options: PresenceOptions) {
    this.local = new LocalStreams(options.graceMs, {
      online: (room, member) => this.changed(room, member, true),
      offline: (room, member) => this.changed(room, member, false),
    });
  }

  private changed(room: string, member: string, online: boolean) {
    const { announce, channelOf, onChange } = this.options;
    if (announce) {
      void publishEvent(channelOf(room), announce, { user_id: member, online }).catch((error) =>
        console.error("presence publish failed", error),
      );
    }
    onChange?.(room, new Set(this.local.members(room)));
  }

  track(room: string, member: string): () => void {
    return this.local.track(room, member);
  }

  async online(room: string): Promise<Set<string>> {
    return new Set(this.local.members(room));
  }
}
