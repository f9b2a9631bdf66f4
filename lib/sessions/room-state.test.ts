import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import type { MessageView, ParticipantView } from "@/lib/sessions/views";
import {
  applyRoomEvent,
  avatarsById,
  canWrite,
  emptyRoom,
  mergeMessages,
  mergeParticipants,
  myRole,
  typingNames,
} from "./room-state";

let n = 0;
const ev = (type: string, data: unknown): Envelope => ({
  id: `${++n}-0`,
  channel: "session:x",
  type,
  ts: new Date(0).toISOString(),
  data,
});
const msg = (id: string, content = id): MessageView => ({
  id,
  session_id: "s",
  author_id: "u_a",
  author_name: "A",
  message_type: "user",
  content,
  created_at: new Date(0).toISOString(),
});
const person = (user_id: string, role: ParticipantView["role"] = "editor", online = false): ParticipantView => ({
  user_id,
  display_name: user_id,
  role,
  joined_at: new Date(0).toISOString(),
  online,
  avatar_url: null,
});

describe("room state", () => {
  const apply = applyRoomEvent("u_me");

  it("keeps the guests' rights the owner last set, once; a malformed update changes nothing", () => {
    let s = apply(emptyRoom(), ev("session.updated", { session_id: "ses_x", guests: "watch" }));
    expect(s.guests).toBe("watch");
    expect(apply(s, ev("session.updated", { session_id: "ses_x", guests: "watch" }))).toBe(s);
    expect(apply(s, ev("session.updated", { session_id: "ses_x", guests: "everyone" }))).toBe(s);
    s = apply(s, ev("session.updated", { session_id: "ses_x", guests: "vote" }));
    expect(s.guests).toBe("vote");
  });

  it("keeps each message once and merges history with live messages in id order", () => {
    let s = emptyRoom();
    s = apply(s, ev("session.message_created", { message: msg("msg_3") }));
    const again = apply(s, ev("session.message_created", { message: msg("msg_3", "changed") }));
    expect(again).toBe(s);
    s = apply(s, ev("session.message_created", { message: msg("msg_4") }));
    const merged = mergeMessages([[msg("msg_1"), msg("msg_2"), msg("msg_3")]], s.messages);
    expect(merged.map((m) => m.id)).toEqual(["msg_1", "msg_2", "msg_3", "msg_4"]);
  });

  it("applies joins, role changes, departures and presence over the snapshot", () => {
    let s = emptyRoom();
    s = apply(s, ev("session.participant_joined", { user_id: "u_c", participant: person("u_c") }));
    s = apply(s, ev("session.participant_updated", { user_id: "u_b", participant: person("u_b", "viewer") }));
    s = apply(s, ev("session.participant_left", { user_id: "u_d", reason: "left" }));
    s = apply(s, ev("session.presence", { user_id: "u_c", online: true }));
    const view = mergeParticipants([person("u_a", "owner", true), person("u_b"), person("u_d")], s);
    expect(view.map((p) => [p.user_id, p.role, p.online])).toEqual([
      ["u_a", "owner", true],
      ["u_b", "viewer", false],
      ["u_c", "editor", true],
    ]);
    expect(s.gone).toBeNull();
  });

  it("finds a message author's avatar among the participants, as they join; guests, leavers and old events have none", () => {
    const face = "https://avatars.example/u_c.png";
    let s = emptyRoom();
    s = apply(s, ev("session.participant_joined", { user_id: "u_c", participant: { ...person("u_c"), avatar_url: face } }));
    // Published before participants carried avatars: no avatar_url at all.
    const { avatar_url: _, ...old } = person("u_e");
    s = apply(s, ev("session.participant_joined", { user_id: "u_e", participant: old }));
    s = apply(s, ev("session.participant_left", { user_id: "u_d", reason: "left" }));
    const avatars = avatarsById(mergeParticipants([person("u_a", "owner"), person("u_d")], s));
    expect(avatars.get("u_c")).toBe(face);
    expect(avatars.get("u_a")).toBeNull();
    expect(avatars.get("u_e")).toBeNull();
    expect(avatars.get("u_d")).toBeUndefined();
  });

  it("notices when I am removed, and when the session is deleted", () => {
    let s = apply(emptyRoom(), ev("session.participant_left", { user_id: "u_me", reason: "removed" }));
    expect(s.gone).toBe("removed");
    s = apply(s, ev("session.deleted", {}));
    expect(s.deleted).toBe(true);
  });

  it("shows who else is typing, for a few seconds", () => {
    let s = apply(emptyRoom(), ev("session.typing", { user_id: "u_me", display_name: "Me" }), 1000);
    s = apply(s, ev("session.typing", { user_id: "u_b", display_name: "Bea" }), 1000);
    expect(typingNames(s, 2000)).toEqual(["Bea"]);
    expect(typingNames(s, 7000)).toEqual([]);
  });

  it("ignores events of other types, and events whose data does not match their type's schema", () => {
    const s = emptyRoom();
    for (const e of [
      ev("session.message_created", { message: { id: "msg_9" } }),
      ev("session.participant_joined", { user_id: "u_c" }),
      ev("session.presence", { user_id: "u_b", online: "yes" }),
      ev("ingest.job.updated", { user_id: "u_b" }),
    ]) {
      expect(apply(s, e)).toBe(s);
    }
  });

  it("knows my role from the live participants, falls back to the session's answer, and has none once I left", () => {
    let s = apply(emptyRoom(), ev("session.participant_updated", { user_id: "u_me", participant: person("u_me", "viewer") }));
    expect(myRole(mergeParticipants([person("u_me")], s), "u_me", s, "editor")).toBe("viewer");
    expect(myRole([], "u_me", emptyRoom(), "editor")).toBe("editor");
    s = apply(s, ev("session.participant_left", { user_id: "u_me", reason: "left" }));
    expect(myRole(mergeParticipants([person("u_me")], s), "u_me", s, "editor")).toBeNull();
    expect([canWrite("owner"), canWrite("editor"), canWrite("viewer"), canWrite(null)]).toEqual([true, true, false, false]);
  });
});

describe("the typing indicator", () => {
  it("clears as soon as the person typing sends their message", () => {
    const reduce = applyRoomEvent("u_me");
    let s = reduce(emptyRoom(), ev("session.typing", { user_id: "u_a", display_name: "Bob" }), 1000);
    expect(typingNames(s, 1500)).toEqual(["Bob"]);
    s = reduce(s, ev("session.message_created", { message: msg("m_sent") }), 1600);
    expect(typingNames(s, 1700)).toEqual([]);
  });
});
