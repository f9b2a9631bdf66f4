// Collaborative sessions end to end on a real server: the seed flow, invites, concurrency, pagination,
// reconnects, presence, exports — and what the database holds afterwards.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "@/lib/crypto";
import type { Envelope } from "@/lib/events/envelope";
import type { InviteView } from "@/lib/sessions/invites";
import type { MessageView, ParticipantView } from "@/lib/sessions/views";
import { inspectDatabase } from "@/tests/support/db-inspect";
import { eventsOf } from "@/tests/support/events";
import { startServer, type TestServer } from "@/tests/support/server";
import { type User, user } from "@/tests/support/session-client";

/** A presence event's online flag for `userId`, or undefined for any other event. */
function presenceOf(e: Envelope, userId: string): boolean | undefined {
  const [presence] = eventsOf([e], "session.presence");
  return presence?.data.user_id === userId ? presence.data.online : undefined;
}

let server: TestServer;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-sessions-"));
const tokensSeen: string[] = [];
const sessionsMade: string[] = [];

beforeAll(async () => {
  server = await startServer({
    env: {
      PARLEY_DATA_DIR: dataDir,
      PARLEY_TRUST_USER_HEADER: "true",
      PARLEY_PRESENCE_GRACE_MS: "300",
      PARLEY_RATE_LIMIT_SCALE: "1000",
    },
  });
});
afterAll(() => server?.stop());

async function newSession(owner: User, body: Record<string, unknown> = {}) {
  const res = await owner.create(body);
  expect(res.status).toBe(201);
  tokensSeen.push(res.body.invite_token);
  sessionsMade.push(res.body.session_id);
  return res.body as { session_id: string; invite_token: string; invite_url: string };
}

describe("the seed flow", () => {
  it("create → join by token → messages → history → participants → stream → delete, with three people", async () => {
    const owner = user(server);
    const ann = user(server);
    const bo = user(server);
    const created = await newSession(owner, { title: "Design review", description: "auth service", display_name: "Olga" });
    expect(created.invite_url).toBe(`${server.url}/join?token=${encodeURIComponent(created.invite_token)}`);
    expect(created.invite_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const id = created.session_id;

    const joinedAnn = await ann.join(created.invite_token, "Ann");
    expect(joinedAnn.status).toBe(200);
    expect(joinedAnn.body).toMatchObject({ session_id: id, role: "editor", display_name: "Ann", already_joined: false });
    const again = await ann.join(created.invite_token, "Ann again");
    expect(again.body).toMatchObject({ role: "editor", already_joined: true, display_name: "Ann" });

    const viewerInvite = await owner.invite(id, { role: "viewer" });
    expect(viewerInvite.status).toBe(201);
    tokensSeen.push(viewerInvite.body.invite_token);
    expect((await bo.join(viewerInvite.body.invite_token, "Bo")).body.role).toBe("viewer");

    const boStream = await bo.stream(id);
    const annStream = await ann.stream(id);
    await boStream.waitFor((r) => r.lastEventId !== null);
    const hello = await owner.say(id, "Hello both");
    const reply = await ann.say(id, "Hi Olga\nsecond line");
    expect(hello.status).toBe(201);
    expect(reply.body.message).toMatchObject({ author_name: "Ann", content: "Hi Olga\nsecond line", message_type: "user" });
    await boStream.waitFor((r) => r.envelopes.filter((e) => e.type === "session.message_created").length === 2);
    const live = eventsOf(boStream.envelopes, "session.message_created").map((e) => e.data.message.id);
    expect(live).toEqual([hello.body.message.id, reply.body.message.id]);

    const history = await bo.history(id);
    expect(history.body.messages.map((m: MessageView) => m.content)).toEqual(["Hello both", "Hi Olga\nsecond line"]);
    expect(history.body.last_event_id).toMatch(/^\d+-\d+$/);

    const people = await owner.participants(id);
    const byName = Object.fromEntries(people.body.participants.map((p: ParticipantView) => [p.display_name, p]));
    // Guests have no avatar: the room shows their initial.
    expect(byName.Olga).toMatchObject({ role: "owner", online: false, avatar_url: null });
    expect(byName.Ann).toMatchObject({ role: "editor", online: true });
    expect(byName.Bo).toMatchObject({ role: "viewer", online: true });

    const info = await ann.call("GET", `/${id}`);
    expect(info.body).toMatchObject({ title: "Design review", my_role: "editor", participant_count: 3, is_public: false });

    expect((await owner.call("DELETE", `/${id}`)).status).toBe(200);
    expect(await boStream.ended).toBe("end");
    expect(await annStream.ended).toBe("end");
    expect(boStream.envelopes.at(-1)?.type).toBe("session.deleted");
    for (const who of [owner, ann, bo]) expect((await who.call("GET", `/${id}`)).status).toBe(404);
  });
});

describe("who may do what", () => {
  let id: string;
  let roles: Record<"owner" | "editor" | "viewer" | "outsider", User>;
  beforeAll(async () => {
    roles = { owner: user(server), editor: user(server), viewer: user(server), outsider: user(server) };
    const created = await newSession(roles.owner);
    id = created.session_id;
    await roles.editor.join(created.invite_token, "Ed");
    const viewerInvite = await roles.owner.invite(id, { role: "viewer" });
    tokensSeen.push(viewerInvite.body.invite_token);
    await roles.viewer.join(viewerInvite.body.invite_token, "Vi");
  });

  const matrix: [
    string,
    (u: User, ctx: { id: string; target: string }) => Promise<{ status: number }>,
    Record<string, number>,
  ][] = [
    ["GET info", (u, c) => u.call("GET", `/${c.id}`), { owner: 200, editor: 200, viewer: 200, outsider: 404 }],
    ["GET history", (u, c) => u.history(c.id), { owner: 200, editor: 200, viewer: 200, outsider: 404 }],
    ["GET participants", (u, c) => u.participants(c.id), { owner: 200, editor: 200, viewer: 200, outsider: 404 }],
    ["GET export", (u, c) => u.call("GET", `/${c.id}/export?format=md`), { owner: 200, editor: 200, viewer: 200, outsider: 404 }],
    ["POST message", (u, c) => u.say(c.id, "hi"), { owner: 201, editor: 201, viewer: 403, outsider: 404 }],
    ["POST typing", (u, c) => u.call("POST", `/${c.id}/typing`), { owner: 204, editor: 204, viewer: 403, outsider: 404 }],
    [
      "POST system message",
      (u, c) => u.call("POST", `/${c.id}/messages`, { content: "note", message_type: "system" }),
      { owner: 201, editor: 403, viewer: 403, outsider: 404 },
    ],
    ["POST invites", (u, c) => u.invite(c.id, { role: "viewer" }), { owner: 201, editor: 403, viewer: 403, outsider: 404 }],
    ["GET invites", (u, c) => u.call("GET", `/${c.id}/invites`), { owner: 200, editor: 403, viewer: 403, outsider: 404 }],
    [
      "PATCH participant",
      (u, c) => u.call("PATCH", `/${c.id}/participants/${c.target}`, { role: "viewer" }),
      { owner: 200, editor: 403, viewer: 403, outsider: 404 },
    ],
    [
      "DELETE participant",
      (u, c) => u.call("DELETE", `/${c.id}/participants/${c.target}`),
      { owner: 200, editor: 403, viewer: 403, outsider: 404 },
    ],
    ["DELETE session", (u, c) => u.call("DELETE", `/${c.id}`), { owner: 200, editor: 403, viewer: 403, outsider: 404 }],
  ];

  it.each(matrix.map(([name, run, expected]) => [name, run, expected] as const))("%s", async (_name, run, expected) => {
    for (const role of ["outsider", "viewer", "editor", "owner"] as const) {
      // Each destructive call gets a target (or session) of its own, so the owner's success changes nothing else.
      let ctx = { id, target: roles.editor.id };
      if (_name.startsWith("DELETE") || _name.startsWith("PATCH")) {
        const fresh = await newSession(roles.owner);
        const target = user(server);
        await target.join(fresh.invite_token, "Target");
        await roles.editor.join(fresh.invite_token, "Ed");
        const viewerInvite = await roles.owner.invite(fresh.session_id, { role: "viewer" });
        tokensSeen.push(viewerInvite.body.invite_token);
        await roles.viewer.join(viewerInvite.body.invite_token, "Vi");
        ctx = { id: fresh.session_id, target: target.id };
      }
      const res = await run(roles[role], ctx);
      expect(res.status, `${role} → ${_name}`).toBe(expected[role]);
    }
  });

  it("a viewer can stream; an outsider cannot even learn the session exists", async () => {
    const s = await roles.viewer.stream(id);
    s.abort();
    const res = await fetch(`${server.url}/api/v1/collaborate/${id}/stream`, { headers: { "X-User-ID": roles.outsider.id } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toEqual({ code: "not_found", message: "Session not found" });
  });

  it("a public session's history and stream are readable by anyone with its id, but not writable", async () => {
    const pub = await newSession(roles.owner, { is_public: true });
    await roles.owner.say(pub.session_id, "for everyone");
    expect((await roles.outsider.history(pub.session_id)).body.messages[0].content).toBe("for everyone");
    expect((await roles.outsider.call("GET", `/${pub.session_id}`)).body.my_role).toBeNull();
    const s = await roles.outsider.stream(pub.session_id);
    s.abort();
    expect((await roles.outsider.say(pub.session_id, "me too")).status).toBe(403);
  });

  it("the owner cannot leave, others can; nobody acts for someone else", async () => {
    const s = await newSession(roles.owner);
    const a = user(server);
    await a.join(s.invite_token, "A");
    expect((await roles.owner.call("POST", `/${s.session_id}/leave`)).status).toBe(409);
    expect((await a.call("PATCH", `/${s.session_id}/participants/${roles.owner.id}`, { role: "viewer" })).status).toBe(403);
    expect((await roles.owner.call("PATCH", `/${s.session_id}/participants/${roles.owner.id}`, { role: "viewer" })).status).toBe(
      409,
    );
    expect((await a.call("POST", `/${s.session_id}/leave`)).status).toBe(200);
    expect((await a.say(s.session_id, "still here?")).status).toBe(404);
  });

  it("refuses state changes from another site's pages", async () => {
    const res = await roles.editor.call("POST", `/${id}/messages`, { content: "csrf" }, { Origin: "http://evil.example" });
    expect(res.status).toBe(403);
    const same = await roles.editor.call("POST", `/${id}/messages`, { content: "ok" }, { Origin: server.url });
    expect(same.status).toBe(201);
  });
});

describe("invites", () => {
  it("never seats more than max_participants, however many join at once", async () => {
    const owner = user(server);
    const s = await newSession(owner, { max_participants: 5 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => user(server).join(s.invite_token, `P${i}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 200)).toHaveLength(4);
    expect(statuses.filter((x) => x === 409)).toHaveLength(16);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe("conflict");
    expect((await owner.participants(s.session_id)).body.participants).toHaveLength(5);
  });

  it("expire (410) and can be revoked (404), one at a time or by rotating", async () => {
    const owner = user(server);
    const s = await newSession(owner);
    const short = await owner.invite(s.session_id, { role: "viewer", expires_in_s: 1 });
    tokensSeen.push(short.body.invite_token);
    await new Promise((r) => setTimeout(r, 1200));
    const late = await user(server).join(short.body.invite_token, "Late");
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe("gone");

    const rotated = await owner.invite(s.session_id, { role: "editor", revoke_existing: true });
    tokensSeen.push(rotated.body.invite_token);
    expect((await user(server).join(s.invite_token, "Old link")).status).toBe(404);
    expect((await user(server).join(rotated.body.invite_token, "New link")).status).toBe(200);

    expect((await owner.call("DELETE", `/${s.session_id}/invites/${rotated.body.invite_id}`)).body.revoked).toBe(true);
    expect((await user(server).join(rotated.body.invite_token, "Revoked")).status).toBe(404);
    const list = await owner.call("GET", `/${s.session_id}/invites`);
    expect(list.body.invites.map((i: InviteView) => [i.role, i.revoked, i.expired])).toEqual(
      expect.arrayContaining([
        ["editor", true, false],
        ["viewer", false, true],
      ]),
    );
    expect(JSON.stringify(list.body)).not.toContain(rotated.body.invite_token);
  });

  it("a single-use link admits one person, once: a second person gets 410 and nothing changes", async () => {
    const owner = user(server);
    const s = await newSession(owner, { display_name: "Olga" });
    const made = await owner.invite(s.session_id, { role: "editor", single_use: true });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ single_use: true, used_at: null, role: "editor" });
    tokensSeen.push(made.body.invite_token);
    const first = user(server);
    expect((await first.join(made.body.invite_token, "First")).status).toBe(200);
    // The one who used it may open it again (they are in already); nobody else — a second browser included.
    expect((await first.join(made.body.invite_token, "First")).body).toMatchObject({ already_joined: true });
    const people = async () => (await owner.participants(s.session_id)).body.participants as ParticipantView[];
    const before = await people();
    const second = await user(server).join(made.body.invite_token, "Second");
    expect(second.status).toBe(410);
    expect(second.body.error).toMatchObject({ code: "gone", message: expect.stringMatching(/for one person and has been used/) });
    expect(await people()).toEqual(before);
    expect(before.map((p) => p.display_name).sort()).toEqual(["First", "Olga"]);
    // Rotating the shared editor link leaves one-person links alone; the list says who used which.
    const fresh = await owner.invite(s.session_id, { role: "editor", single_use: true });
    await owner.invite(s.session_id, { role: "editor", revoke_existing: true });
    expect((await user(server).join(fresh.body.invite_token, "Third")).status).toBe(200);
    const list = (await owner.call("GET", `/${s.session_id}/invites`)).body.invites as InviteView[];
    const used = list.find((i) => i.invite_id === made.body.invite_id);
    expect(used).toMatchObject({ single_use: true, revoked: false, used_at: expect.any(String) });
    expect(list.filter((i) => !i.single_use).every((i) => i.used_at === null)).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/used_by/);
  });

  // The embedded database answers one statement at a time, so here this shows the link is used up at all;
  // multi-instance.test.ts races two instances on PostgreSQL, where only the conditional update holds.
  it("twenty people racing on one single-use link: exactly one joins", async () => {
    const owner = user(server);
    const s = await newSession(owner, { max_participants: 50 });
    const made = await owner.invite(s.session_id, { role: "viewer", single_use: true });
    tokensSeen.push(made.body.invite_token);
    const racers = Array.from({ length: 20 }, () => user(server));
    const results = await Promise.all(racers.map((r, i) => r.join(made.body.invite_token, `R${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    expect(statuses.filter((x) => x === 410)).toHaveLength(19);
    const winner = racers[statuses.indexOf(200)];
    const seated = (await owner.participants(s.session_id)).body.participants as ParticipantView[];
    expect(seated.map((p) => p.user_id).sort()).toEqual([owner.id, winner?.id].sort());
  });

  it("a removed participant's stream ends and old links no longer let them back", async () => {
    const owner = user(server);
    const s = await newSession(owner);
    const kicked = user(server);
    await kicked.join(s.invite_token, "Kicked");
    const stream = await kicked.stream(s.session_id);
    await stream.waitFor((r) => r.lastEventId !== null);
    expect((await owner.call("DELETE", `/${s.session_id}/participants/${kicked.id}`)).status).toBe(200);
    expect(await stream.ended).toBe("end");
    expect(stream.envelopes.at(-1)).toMatchObject({
      type: "session.participant_left",
      data: { user_id: kicked.id, reason: "removed" },
    });
    expect((await kicked.join(s.invite_token, "Back?")).status).toBe(403);
    const fresh = await owner.invite(s.session_id);
    tokensSeen.push(fresh.body.invite_token);
    expect((await kicked.join(fresh.body.invite_token, "Back")).status).toBe(200);
  });
});

describe("history and streams", () => {
  it("pages through 1,000 messages newest first with no gap and no duplicate", async () => {
    const owner = user(server);
    const s = await newSession(owner);
    const sent: string[] = [];
    for (let i = 0; i < 1000; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, (_, k) => owner.say(s.session_id, `m${i + k}`)));
      for (const r of batch) sent.push(r.body.message.id);
    }
    const pages: string[][] = [];
    let before: string | null = null;
    for (;;) {
      const res = await owner.history(s.session_id, `?limit=100${before ? `&before=${before}` : ""}`);
      expect(res.status).toBe(200);
      pages.push(res.body.messages.map((m: MessageView) => m.id));
      if (!res.body.has_more) break;
      before = res.body.next_before;
    }
    expect(pages).toHaveLength(10);
    const all = pages.reverse().flat();
    expect(new Set(all).size).toBe(1000);
    expect(all).toEqual([...sent].sort());
    expect((await owner.history(s.session_id, "?limit=101")).status).toBe(422);
  }, 120_000);

  it("a message sent while a reader is disconnected arrives exactly once after it reconnects", async () => {
    const owner = user(server);
    const reader = user(server);
    const s = await newSession(owner);
    await reader.join(s.invite_token, "Reader");
    const first = await reader.stream(s.session_id);
    await owner.say(s.session_id, "before");
    await first.waitFor((r) => r.envelopes.some((e) => e.type === "session.message_created"));
    first.abort();
    const missed = await owner.say(s.session_id, "while away");
    const second = await reader.stream(s.session_id, first.lastEventId);
    await owner.say(s.session_id, "after");
    await second.waitFor((r) => r.envelopes.filter((e) => e.type === "session.message_created").length === 2);
    second.abort();
    const contents = eventsOf(second.envelopes, "session.message_created").map((e) => e.data.message.content);
    expect(contents).toEqual(["while away", "after"]);
    expect(missed.status).toBe(201);
  });

  it("shows presence from open streams with a grace period, and typing without storing it", async () => {
    const owner = user(server);
    const guest = user(server);
    const s = await newSession(owner);
    await guest.join(s.invite_token, "Guest");
    const watch = await owner.stream(s.session_id);
    const g = await guest.stream(s.session_id);
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "session.presence" && presenceOf(e, guest.id) === true));
    expect(
      (await owner.participants(s.session_id)).body.participants.find((p: ParticipantView) => p.user_id === guest.id).online,
    ).toBe(true);
    expect((await guest.call("POST", `/${s.session_id}/typing`)).status).toBe(204);
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "session.typing"));
    g.abort();
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "session.presence" && presenceOf(e, guest.id) === false));
    expect(
      (await owner.participants(s.session_id)).body.participants.find((p: ParticipantView) => p.user_id === guest.id).online,
    ).toBe(false);
    watch.abort();
    expect((await owner.history(s.session_id)).body.messages).toHaveLength(0);
  });

  it("exports as JSON and Markdown", async () => {
    const owner = user(server);
    const s = await newSession(owner, { title: "Exported", display_name: "Olga" });
    await owner.say(s.session_id, "first **point**");
    const asJson = await owner.call("GET", `/${s.session_id}/export?format=json`);
    expect(asJson.body).toMatchObject({ session: { title: "Exported" }, messages: [{ content: "first **point**" }] });
    const md = await owner.call("GET", `/${s.session_id}/export?format=md`);
    expect(md.headers.get("content-type")).toMatch(/text\/markdown/);
    expect(md.body).toContain("# Exported");
    expect(md.body).toContain("**Olga** · ");
    expect((await owner.call("GET", `/${s.session_id}/export?format=pdf`)).status).toBe(400);
  });
});

describe("bad input", () => {
  it("gets the documented error on every endpoint and writes nothing", async () => {
    const owner = user(server);
    const s = await newSession(owner);
    const id = s.session_id;
    const cases: [string, string, unknown, number, string][] = [
      ["POST", "", "{not json", 400, "invalid_json"],
      ["POST", "", { title: "" }, 422, "validation_failed"],
      ["POST", "", { title: 5 }, 422, "validation_failed"],
      ["POST", "", { title: "x", max_participants: 1 }, 422, "validation_failed"],
      ["POST", "", { title: "x", is_public: "yes" }, 422, "validation_failed"],
      ["POST", "", { title: "x", surprise: true }, 422, "validation_failed"],
      ["POST", "", { title: "x".repeat(300) }, 422, "validation_failed"],
      ["POST", "/join", { invite_token: "nope", display_name: "X" }, 404, "not_found"],
      ["POST", "/join", { invite_token: s.invite_token }, 422, "validation_failed"],
      ["POST", "/join", { invite_token: s.invite_token, display_name: "   " }, 422, "validation_failed"],
      ["POST", "/join", [], 422, "validation_failed"],
      ["POST", `/${id}/messages`, { content: "" }, 422, "validation_failed"],
      ["POST", `/${id}/messages`, { content: "x".repeat(8001) }, 422, "validation_failed"],
      ["POST", `/${id}/messages`, { content: "x", message_type: "robot" }, 422, "validation_failed"],
      ["POST", `/${id}/messages`, { content: "x", message_type: "agent" }, 403, "forbidden"],
      ["POST", `/${id}/messages`, "nope", 400, "invalid_json"],
      ["POST", `/${id}/messages`, { content: "x".repeat(70_000) }, 413, "payload_too_large"],
      ["POST", "/ses_doesnotexist000000000/messages", { content: "x" }, 404, "not_found"],
      ["POST", "/../../etc/messages", { content: "x" }, 404, "not_found"],
      ["GET", `/${id}/history?limit=0`, undefined, 422, "validation_failed"],
      ["GET", `/${id}/history?limit=abc`, undefined, 422, "validation_failed"],
      ["GET", `/${id}/history?before=drop-table`, undefined, 422, "validation_failed"],
      ["POST", `/${id}/invites`, { role: "owner" }, 422, "validation_failed"],
      ["POST", `/${id}/invites`, { expires_in_s: -5 }, 422, "validation_failed"],
      ["PATCH", `/${id}/participants/${owner.id}`, { role: "emperor" }, 422, "validation_failed"],
      ["PATCH", `/${id}/participants/u_nobodyatallhere00`, { role: "viewer" }, 404, "not_found"],
      ["DELETE", `/${id}/participants/u_nobodyatallhere00`, undefined, 404, "not_found"],
      ["DELETE", `/${id}/invites/inv_nothing`, undefined, 404, "not_found"],
    ];
    for (const [method, p, body, status, code] of cases) {
      const res = await owner.call(method, p, body);
      expect(res.status, `${method} ${p} ${JSON.stringify(body)?.slice(0, 60)}`).toBe(status);
      if (res.status < 500 && res.body?.error) expect(res.body.error.code).toBe(code);
    }
    const anonymous = await fetch(`${server.url}/api/v1/collaborate`, { method: "POST", body: JSON.stringify({ title: "x" }) });
    expect(anonymous.status).toBe(401);
    expect((await owner.history(id)).body.messages).toHaveLength(0);
    expect((await owner.participants(id)).body.participants).toHaveLength(1);
  });

  it("limits how fast one person can send messages, with Retry-After", async () => {
    const strict = await startServer({ env: { PARLEY_TRUST_USER_HEADER: "true" } });
    try {
      const owner = user(strict);
      const s = (await owner.create()).body;
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await owner.say(s.session_id, `m${i}`)).status);
      expect(statuses.slice(0, 30).every((x) => x === 201)).toBe(true);
      const limited = await owner.say(s.session_id, "one too many");
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe("rate_limited");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await owner.history(s.session_id, "?limit=100")).body.messages).toHaveLength(30);
    } finally {
      await strict.stop();
    }
  });
});

describe("the database afterwards", () => {
  it("holds invite tokens only as SHA-256 hashes, and nothing of deleted sessions", async () => {
    await server.stop();
    await inspectDatabase(dataDir, async (query) => {
      const invites = await query<{ token_hash: string }>("SELECT token_hash FROM invites");
      const hashes = new Set(invites.map((i) => i.token_hash));
      expect(tokensSeen.length).toBeGreaterThan(10);
      for (const token of tokensSeen) {
        expect(hashes.has(token)).toBe(false);
        expect(invites.every((i) => /^[0-9a-f]{64}$/.test(i.token_hash))).toBe(true);
      }
      const live = tokensSeen.filter((t) => hashes.has(sha256(t)));
      expect(live.length).toBeGreaterThan(0);
      const dump = JSON.stringify(await query("SELECT * FROM invites"));
      for (const token of tokensSeen) expect(dump).not.toContain(token);
      const deleted = sessionsMade[0]!;
      for (const table of ["sessions", "participants", "invites", "messages"]) {
        const column = table === "sessions" ? "id" : "session_id";
        const rows = await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [deleted]);
        expect(rows[0]?.n, table).toBe(0);
      }
    });
  });
});
