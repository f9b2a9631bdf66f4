import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import type { MessageView } from "@/lib/sessions/views";
import { painter } from "../ui/text";
import { inviteToken, messageLine, sessionEventLine } from "./session";
import { tailLine } from "./tail";

const plain = painter(false);
const ev = (type: string, data: unknown): Envelope => ({
  id: "1-0",
  channel: "ch:x",
  type,
  ts: "2026-11-21T12:00:00.000Z",
  data,
});

describe("tail lines", () => {
  it("show the type and the data, cut to the terminal's width only on a terminal", () => {
    const e = ev("ingest.job.updated", { job: "nightly", note: "x".repeat(200) });
    expect(tailLine(e, plain, null)).toContain(`ingest.job.updated  {"job":"nightly","note":"${"x".repeat(200)}"}`);
    expect(tailLine(e, plain, 60).length).toBeLessThanOrEqual(60);
    expect(
      tailLine(ev("stream.reset", { reason: "cursor is older than retained history", cursor: "1-0" }), plain, null),
    ).toContain("reset (cursor is older than retained history)");
  });
});

describe("session lines", () => {
  const message: MessageView = {
    id: "msg_1",
    session_id: "s",
    author_id: "u_1",
    author_name: "Ada",
    message_type: "user",
    content: "hi",
    created_at: "2026-11-21T12:00:00.000Z",
  };

  it("show who said what, marking your own messages", () => {
    expect(messageLine(message, plain, null)).toMatch(/Ada: hi$/);
    expect(messageLine(message, plain, "u_1")).toMatch(/Ada \(you\): hi$/);
    expect(messageLine({ ...message, message_type: "system", content: "Run started" }, plain, null)).toMatch(/· Run started$/);
  });

  it("announce arrivals, departures and runs by name", () => {
    const names = new Map([["u_2", "Grace"]]);
    const grace = { user_id: "u_2", display_name: "Grace", role: "editor", joined_at: "2026-11-21T12:00:00.000Z", online: true };
    expect(sessionEventLine(ev("session.participant_joined", { user_id: "u_2", participant: grace }), names, plain)).toBe(
      "→ Grace joined",
    );
    expect(sessionEventLine(ev("session.participant_left", { user_id: "u_2", reason: "removed" }), names, plain)).toBe(
      "← Grace was removed",
    );
    expect(sessionEventLine(ev("session.run_started", { run_id: "run_1", task: "Tabs?" }), names, plain)).toContain(
      "parley watch run_1",
    );
    expect(sessionEventLine(ev("session.presence", { user_id: "u_2", online: true }), names, plain)).toBeNull();
  });

  it("accepts an invite as a token or as the whole link", () => {
    expect(inviteToken("http://localhost:3000/join?token=abc_123")).toBe("abc_123");
    expect(inviteToken("abc_123")).toBe("abc_123");
  });
});
