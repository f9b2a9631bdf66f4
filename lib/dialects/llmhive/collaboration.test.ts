import { describe, expect, it } from "vitest";
import { envelopes } from "../test-envelope";
import { collaborationDialect, toCollaborationEvent } from "./collaboration";

const ev = envelopes("session:s1");
const message = {
  id: "m1",
  session_id: "s1",
  author_id: "alice",
  author_name: "Alice",
  message_type: "user",
  content: "Hello everyone!",
  created_at: "2026-11-21T12:00:00.000Z",
};
const participant = { user_id: "bob", display_name: "Bob", role: "editor", joined_at: "2026-11-21T12:00:00.000Z", online: true };

describe("LLMHive's collaboration events", () => {
  it("are the four types the document's client switches on, with its fields", () => {
    expect(toCollaborationEvent(ev("session.message_created", { message }))).toMatchObject({ type: "new_message", message });
    expect(toCollaborationEvent(ev("session.participant_joined", { user_id: "bob", participant }))).toMatchObject({
      type: "participant_joined",
      user_id: "bob",
      display_name: "Bob",
    });
    expect(toCollaborationEvent(ev("session.participant_left", { user_id: "bob", reason: "removed" }))).toMatchObject({
      type: "participant_left",
      user_id: "bob",
      reason: "removed",
    });
    expect(toCollaborationEvent(ev("session.deleted", {}))).toMatchObject({ type: "session_deleted", session_id: "s1" });
  });

  it("shows a session's other events under Parley's name, dots as underscores, and nothing of other channels", () => {
    expect(toCollaborationEvent(ev("session.presence", { user_id: "bob", online: false }))).toMatchObject({
      type: "presence",
      user_id: "bob",
      online: false,
    });
    expect(toCollaborationEvent(ev("stream.reset", { reason: "expired" }))).toMatchObject({ type: "stream_reset" });
    expect(toCollaborationEvent(ev("gateway.text_delta", { text: "x" }))).toBeNull();
  });

  it("frames are unnamed, so EventSource's onmessage sees them", () => {
    const frame = collaborationDialect.frame(ev("session.message_created", { message }));
    expect(frame?.event).toBeUndefined();
    expect(frame?.data).toMatchObject({ type: "new_message" });
    expect(collaborationDialect.keepalive("2026-11-21T12:00:00.000Z")).toBeNull();
  });
});
