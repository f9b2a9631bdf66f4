import "server-only";
import { chargeQuota } from "@/lib/auth/quotas";
// A reader of a session's live stream: only someone allowed to read it; a participant shows as online
// while their stream is open; the stream is over when the session is deleted or the reader leaves it.
import type { Envelope } from "@/lib/events/envelope";
import { sessionChannel } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import { requireAccess } from "./access";
import { trackPresence } from "./presence";

export interface SessionReader {
  channel: string;
  /** Whether the stream is over for this reader after `event`. */
  isFinal(event: Envelope): boolean;
  /** Ends what the open stream holds (the reader's presence); call it once the stream closes or fails to open. */
  release(): void;
}

/** Admits a reader to a session's stream — or throws 404/429 — and marks a participant online. */
export async function openSessionReader(sessionId: string, userId: string | null): Promise<SessionReader> {
  const { role } = await requireAccess(sessionId, userId, "read");
  if (userId) await chargeQuota("stream", { person: userId, address: null });
  const release = role && userId ? trackPresence(sessionId, userId) : () => {};
  return { channel: sessionChannel(sessionId), isFinal: (event) => endsStreamOf(event, userId), release };
}

/** A session's stream is over when the session is deleted, or when this reader leaves or is removed. */
export function endsStreamOf(envelope: Envelope, userId: string | null): boolean {
  if (envelope.type === "session.deleted") return true;
  // Only a departure needs its data read, so no other event is parsed.
  if (envelope.type !== "session.participant_left") return false;
  const event = asBuiltinEvent(envelope);
  return event?.type === "session.participant_left" && event.data.user_id === userId;
}
