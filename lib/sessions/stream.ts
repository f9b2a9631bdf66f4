import "server-only";
// A reader of a session's live stream: only someone allowed to read it; a participant shows as online
// while their stream is open; the stream is over when the reader's grant ends (the session deleted, the
// reader gone from it, the key it came with revoked: lib/auth/reader-grant.ts).
import { chargeQuota } from "@/lib/auth/quotas";
import { ReaderGrant } from "@/lib/auth/reader-grant";
import type { Envelope } from "@/lib/events/envelope";
import { sessionChannel } from "@/lib/events/envelope";
import { requireAccess } from "./access";
import { trackPresence } from "./presence";

export interface SessionReader {
  channel: string;
  grant: ReaderGrant;
  /**
   * Whether the stream is complete after `event`: the event that ends the reader's grant is the last one
   * it is sent (the grant would end the stream anyway; this way the reader is told why).
   */
  isFinal(event: Envelope): boolean;
  /** Ends what the open stream holds (the reader's presence); call it once the stream closes or fails to open. */
  release(): void;
}

/** Admits a reader to a session's stream — or throws 404/429 — and marks a participant online. */
export async function openSessionReader(sessionId: string, userId: string | null, keyId: string | null): Promise<SessionReader> {
  const { role } = await requireAccess(sessionId, userId, "read");
  if (userId) await chargeQuota("stream", { person: userId, address: null });
  const release = role && userId ? trackPresence(sessionId, userId) : () => {};
  const grant = ReaderGrant.ofSession(sessionId, userId, keyId);
  return { channel: sessionChannel(sessionId), grant, isFinal: (event) => grant.endedBy(event), release };
}
