/** Where presence lives: this process (memory hub) or Redis, shared by every instance (upstash hub). */
export interface PresenceStore {
  /** Marks `userId` online in the session while the returned release function has not been called. */
  track(sessionId: string, userId: string): () => void;
  /** Users online in the session now. */
  online(sessionId: string): Promise<Set<string>>;
}
