// What lets a reader read a stream, and so what can take it away (DESIGN.md "Identity and access"):
// the API key it came with (its own, or the key that minted its read token) — revoked, the grant ends —
// and the session whose membership admits it — deleted, or the reader leaves or is removed, it ends.
// Every stream is served under a grant (lib/http/sse/serve-stream.ts takes one, required), made here from
// what the route authorised, and watched by lib/auth/stream-grants.ts for as long as the stream is open.
// A role change ends nothing: every role may read. The third thing a grant can rest on is a run's share
// link (lib/runs/share): revoked, or past its expiry, the grant ends.

import type { Actor } from "@/lib/auth/actor";
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";

/** A session reader: `userId` null for an anonymous reader of a public session. */
export interface SessionReading {
  readonly id: string;
  readonly userId: string | null;
}

/** A run read through one of its share links: the link, and when it expires (ms since the epoch). */
export interface SharedReading {
  readonly id: string;
  readonly expiresAt: number;
}

/** Session events that can end a grant; no other is looked at. */
const MEMBERSHIP_ENDINGS = new Set(["session.deleted", "session.participant_left"]);

export class ReaderGrant {
  private constructor(
    /** The API key the reader came with, or that minted its read token; null for browsers. */
    readonly keyId: string | null,
    /** The session whose membership admits the reader; null when the stream is no session's. */
    readonly session: SessionReading | null,
    /** The share link the reader came with; null when the reader reads as themselves. */
    readonly shareLink: SharedReading | null = null,
  ) {}

  /** A hub channel (or the gateway's), read with an API key or one of its read tokens. */
  static ofKey(keyId: string): ReaderGrant {
    return new ReaderGrant(keyId, null);
  }

  /** A run's streams (every framing, AG-UI included): its session's membership, and the actor's key. */
  static ofRun(run: { sessionId: string | null }, actor: Actor): ReaderGrant {
    const session = run.sessionId ? { id: run.sessionId, userId: actor.userId } : null;
    return new ReaderGrant(actor.keyId ?? null, session);
  }

  /** A run read through a share link (by anyone holding it): the link, nothing else. */
  static ofShareLink(link: SharedReading): ReaderGrant {
    return new ReaderGrant(null, null, link);
  }

  /** An external run's producer: its key. */
  static ofProducer(actor: Actor): ReaderGrant {
    return new ReaderGrant(actor.keyId ?? null, null);
  }

  /** LLMHive's manual-test stream (lib/dialects/llmhive/manual-test.ts): open to anyone where it is served. */
  static ofTestStream(): ReaderGrant {
    return new ReaderGrant(null, null);
  }

  /** A session's own stream. */
  static ofSession(sessionId: string, userId: string | null, keyId: string | null): ReaderGrant {
    return new ReaderGrant(keyId, { id: sessionId, userId });
  }

  /** Whether this event of the grant's session ends it: the session is deleted, or the reader left or was removed. */
  endedBy(envelope: Envelope): boolean {
    if (!this.session || !MEMBERSHIP_ENDINGS.has(envelope.type)) return false;
    if (envelope.type === "session.deleted") return true;
    const event = asBuiltinEvent(envelope);
    return event?.type === "session.participant_left" && event.data.user_id === this.session.userId;
  }

  /** Whether an event of this type could end a grant at all (the rest need no look at their data). */
  static mayEnd(type: string): boolean {
    return MEMBERSHIP_ENDINGS.has(type);
  }
}
