// LLMHive's collaboration stream (seed document 000, "Real-Time Updates"): a session's events as unnamed
// frames (so `es.onmessage` sees them) of {type, …}: new_message {message}, participant_joined /
// participant_left {user_id}, session_deleted — the types its client switches on — and the rest of a
// session's events under the same rule (Parley's type, dots as underscores, its data alongside).
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import type { Dialect, DialectFrame } from "../dialect";

export interface CollaborationEvent {
  type: string;
  [field: string]: unknown;
}

export const collaborationDialect: Dialect = {
  frame: (e) => {
    const event = toCollaborationEvent(e);
    return event ? ({ data: event } satisfies DialectFrame) : null;
  },
  // LLMHive's collaboration stream names no keepalive: Parley's comment, which EventSource ignores.
  keepalive: () => null,
};

/** LLMHive's view of a session event; null for what is not a session's (never on a session channel). */
export function toCollaborationEvent(e: Envelope): CollaborationEvent | null {
  const event = asBuiltinEvent(e);
  const timestamp = e.ts;
  switch (event?.type) {
    case "session.message_created":
      return { type: "new_message", message: event.data.message, timestamp };
    case "session.participant_joined": {
      const { user_id, participant } = event.data;
      return { type: "participant_joined", user_id, display_name: participant.display_name, participant, timestamp };
    }
    case "session.participant_left":
      return { type: "participant_left", user_id: event.data.user_id, reason: event.data.reason ?? "left", timestamp };
    case "session.deleted":
      return { type: "session_deleted", session_id: event.data.session_id ?? sessionIdOf(e.channel), timestamp };
    default:
      return e.type.startsWith("session.") || e.type === "stream.reset" ? generic(e) : null;
  }
}

function generic(e: Envelope): CollaborationEvent {
  const data = e.data && typeof e.data === "object" && !Array.isArray(e.data) ? e.data : { data: e.data };
  return { ...data, type: e.type.replace(/^session\./, "").replaceAll(".", "_"), timestamp: e.ts };
}

const sessionIdOf = (channel: string) => channel.replace(/^session:/, "");
