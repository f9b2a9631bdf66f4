import "server-only";
// Who is online in a session: anyone with its stream open. Arrivals and departures are announced on the
// session's channel as `session.presence`.
import { sessionChannel } from "@/lib/events/envelope";
import { createPresenceStore } from "@/lib/presence";
import { processGlobal } from "@/lib/process-global";

const store = () =>
  processGlobal("presence", () => createPresenceStore({ channelOf: sessionChannel, announce: "session.presence" }));

/** Marks `userId` online while the returned release function has not been called. */
export function trackPresence(sessionId: string, userId: string): () => void {
  return store().track(sessionId, userId);
}

export function onlineUsers(sessionId: string): Promise<Set<string>> {
  return store().online(sessionId);
}
