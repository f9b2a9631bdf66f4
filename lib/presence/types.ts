// Presence: who has a stream open in a room (a session's members, a run's watchers). It lives in this
// process (memory hub) or in Redis, shared by every instance (upstash hub).

export interface PresenceStore {
  /** Marks `member` present in the room while the returned release function has not been called. */
  track(room: string, member: string): () => void;
  /** The room's members present now. */
  online(room: string): Promise<Set<string>>;
}

export interface PresenceOptions {
  /** How long a member stays present after their last stream closed (a reconnect does not flap). */
  graceMs: number;
  /** The hub channel of a room: where its arrivals and departures are announced (and, in Redis, kept). */
  channelOf(room: string): string;
  /** Each arrival and departure is announced on the room's channel as this event, or not at all. */
  announce: "session.presence" | null;
  /** Told a room's members after a change this instance made or noticed (arrivals, departures, expiries). */
  onChange?(room: string, members: Set<string>): void;
}
