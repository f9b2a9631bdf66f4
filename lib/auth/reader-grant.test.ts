import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { ReaderGrant } from "./reader-grant";

const event = (type: string, data: unknown = {}): Envelope => ({
  id: "1763726400000-1",
  channel: "session:ses_00000000000000000000",
  type,
  ts: "2026-11-21T12:00:00.000Z",
  data,
});

describe("ReaderGrant", () => {
  it("of a run in a session rests on the reader's membership and key; of a run outside one, on the key alone", () => {
    const inSession = ReaderGrant.ofRun({ sessionId: "ses_1" }, { userId: "u_1", id: "u_1", keyId: "key_1" });
    expect({ keyId: inSession.keyId, session: inSession.session }).toEqual({
      keyId: "key_1",
      session: { id: "ses_1", userId: "u_1" },
    });
    const alone = ReaderGrant.ofRun({ sessionId: null }, { userId: null, id: null });
    expect({ keyId: alone.keyId, session: alone.session }).toEqual({ keyId: null, session: null });
  });

  it("ends with the session's deletion, and with its own reader's leaving or removal only", () => {
    const ed = ReaderGrant.ofSession("ses_1", "u_ed", null);
    const anonymous = ReaderGrant.ofSession("ses_1", null, null);
    expect(ed.endedBy(event("session.deleted"))).toBe(true);
    expect(anonymous.endedBy(event("session.deleted"))).toBe(true);
    expect(ed.endedBy(event("session.participant_left", { user_id: "u_ed", reason: "removed" }))).toBe(true);
    expect(ed.endedBy(event("session.participant_left", { user_id: "u_ed", reason: "left" }))).toBe(true);
    expect(ed.endedBy(event("session.participant_left", { user_id: "u_other" }))).toBe(false);
    expect(anonymous.endedBy(event("session.participant_left", { user_id: "u_ed" }))).toBe(false);
    // A role change ends nothing (every role reads); malformed data is no departure.
    expect(ed.endedBy(event("session.participant_updated", { user_id: "u_ed" }))).toBe(false);
    expect(ed.endedBy(event("session.participant_left", { user: "u_ed" }))).toBe(false);
    expect(ReaderGrant.ofKey("key_1").endedBy(event("session.deleted"))).toBe(false);
  });

  it("says which event types could end a grant, so the rest go unread", () => {
    expect(["session.deleted", "session.participant_left"].every(ReaderGrant.mayEnd)).toBe(true);
    expect(["session.message_created", "session.presence", "agent.token"].some(ReaderGrant.mayEnd)).toBe(false);
  });

  it("a share link's grant rests on the link alone: no key, no session, and no session event ends it", () => {
    const shared = ReaderGrant.ofShareLink({ id: "shl_1", expiresAt: 1 });
    expect([shared.keyId, shared.session, shared.shareLink]).toEqual([null, null, { id: "shl_1", expiresAt: 1 }]);
    const left = { id: "1-0", channel: "session:s", type: "session.deleted", ts: new Date(0).toISOString(), data: {} };
    expect(shared.endedBy(left)).toBe(false);
  });
});
