// Who may go on reading an open stream (lib/auth/stream-grants.ts), on a real server: a participant
// removed from a session loses every stream of it at once, whatever its kind; a revoked API key loses its
// read tokens and every stream opened with either, and a reconnect is refused — others read on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectEndsWithin, openRaw } from "@/tests/support/raw-stream";
import { startRun } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";
import { newUserId, user } from "@/tests/support/session-client";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    env: {
      PARLEY_TRUST_USER_HEADER: "true",
      PARLEY_DEMO_TOKEN_MS: "20",
      PARLEY_RATE_LIMIT_SCALE: "100",
      // Keepalives show a stream is still open and delivering.
      PARLEY_KEEPALIVE_MS: "250",
    },
  });
});
afterAll(() => server?.stop());

/** Well within a second on an idle machine; the margin is for a busy CI runner — the re-check fallback takes 30 s. */
const WITHIN_MS = 3000;

/** Every stream a participant of a session can open on a run of it, and on the session itself. */
const participantStreams = [
  { kind: "run events", path: (run: string) => `/api/v1/runs/${run}/events` },
  { kind: "LLMHive orchestration", path: (run: string) => `/api/v1/events/orchestration/${run}` },
  { kind: "Facilitair task stream", path: (run: string) => `/api/stream/events/${run}` },
  { kind: "AG-UI", path: (run: string) => `/api/v1/runs/${run}/ag-ui` },
  { kind: "session (LLMHive)", path: (_run: string, session: string) => `/api/v1/collaborate/${session}/stream` },
  { kind: "session", path: (_run: string, session: string) => `/api/v1/collaborate/${session}/stream?format=parley` },
];

/** A session with an editor and a paused run in it: its streams stay open until something ends them. */
async function sessionWithRun() {
  const owner = user(server);
  const ed = user(server);
  const s = (await owner.create({ title: "watched together" })).body;
  expect((await ed.join(s.invite_token, "Ed")).status).toBe(200);
  const run = await startRun(server, { task: "a long watch", session_id: s.session_id }, { "X-User-ID": owner.id });
  const pause = await fetch(`${server.url}/api/v1/runs/${run.run_id}/pause`, {
    method: "POST",
    headers: { "X-User-ID": owner.id },
  });
  expect(pause.status).toBeLessThan(300);
  return { owner, ed, sessionId: s.session_id as string, runId: run.run_id };
}

describe("a participant removed from a session", () => {
  it.each(participantStreams)(
    "loses an open $kind stream within seconds; the owner's reads on; a reconnect is refused",
    async ({ path }) => {
      const { owner, ed, sessionId, runId } = await sessionWithRun();
      const url = `${server.url}${path(runId, sessionId)}`;
      const edStream = await openRaw(url, { "X-User-ID": ed.id });
      const ownerStream = await openRaw(url, { "X-User-ID": owner.id });
      const removedAt = Date.now();
      expect((await owner.call("DELETE", `/${sessionId}/participants/${ed.id}`)).status).toBe(200);
      await expectEndsWithin(edStream, removedAt, WITHIN_MS);
      expect(await Promise.race([ownerStream.ended, ownerStream.more().then(() => "still reading")])).toBe("still reading");
      expect((await fetch(url, { headers: { "X-User-ID": ed.id } })).status).toBe(404);
      ownerStream.close();
    },
  );
});

/** A key made on the keys page by `userId` (it acts as them); it may also start external runs. */
async function makeKey(userId: string, name: string): Promise<{ id: string; key: string }> {
  const res = await fetch(`${server.url}/api/v1/keys`, {
    method: "POST",
    headers: { "X-User-ID": userId, "Content-Type": "application/json" },
    body: JSON.stringify({ name, scopes: ["publish:*", "subscribe:*", "runs"] }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; key: string };
}

async function readToken(key: string, channel: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/channels/${channel}/tokens`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe("revoking an API key", () => {
  it("ends its read tokens' streams and its own (channel, gateway watch, session, run, AG-UI, controls) within seconds, refuses both after, and leaves another key's alone", async () => {
    const me = newUserId();
    const [revoked, kept] = [await makeKey(me, "laptop"), await makeKey(me, "desktop")];
    const channel = `revoke-${Date.now()}`;
    const stream = (query: string, headers: Record<string, string> = {}) =>
      openRaw(`${server.url}/api/v1/channels/${channel}/stream${query}`, headers);
    const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
    const [token, keptToken] = [await readToken(revoked.key, channel), await readToken(kept.key, channel)];

    // The key acts as me: a session of mine and a run of mine, read with the key.
    const session = await fetch(`${server.url}/api/v1/collaborate`, {
      method: "POST",
      headers: { ...bearer(revoked.key), "Content-Type": "application/json" },
      body: JSON.stringify({ title: "mine, by key" }),
    });
    expect(session.status).toBe(201);
    const sessionId = ((await session.json()) as { session_id: string }).session_id;
    const run = await startRun(server, { task: "read by key" }, bearer(revoked.key));
    const external = await startRun(server, { source: "external", task: "produced by key" }, bearer(revoked.key));
    expect(
      (await fetch(`${server.url}/api/v1/runs/${run.run_id}/pause`, { method: "POST", headers: bearer(revoked.key) })).status,
    ).toBeLessThan(300);

    const ofRevoked = [
      await stream(`?token=${encodeURIComponent(token)}`),
      await stream("", bearer(revoked.key)),
      await openRaw(`${server.url}/api/v1/collaborate/${sessionId}/stream`, bearer(revoked.key)),
      await openRaw(`${server.url}/api/v1/runs/${run.run_id}/events`, bearer(revoked.key)),
      await openRaw(`${server.url}/api/v1/runs/${run.run_id}/ag-ui`, bearer(revoked.key)),
      await openRaw(`${server.url}/api/v1/runs/${external.run_id}/controls`, bearer(revoked.key)),
      await openRaw(`${server.url}/api/v1/channels/gateway/stream`, bearer(revoked.key)),
    ];
    const ofKept = [await stream(`?token=${encodeURIComponent(keptToken)}`), await stream("", bearer(kept.key))];

    const revokedAt = Date.now();
    const revoke = await fetch(`${server.url}/api/v1/keys/${revoked.id}`, { method: "DELETE", headers: { "X-User-ID": me } });
    expect(revoke.status).toBe(200);
    for (const s of ofRevoked) await expectEndsWithin(s, revokedAt, WITHIN_MS);

    const again = [
      await fetch(`${server.url}/api/v1/channels/${channel}/stream?token=${encodeURIComponent(token)}`),
      await fetch(`${server.url}/api/v1/channels/${channel}/stream`, { headers: bearer(revoked.key) }),
      await fetch(`${server.url}/api/v1/runs/${run.run_id}/events`, { headers: bearer(revoked.key) }),
      await fetch(`${server.url}/api/v1/runs/${external.run_id}/controls`, { headers: bearer(revoked.key) }),
    ];
    expect(again.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(((await again[0]!.json()) as { error: { code: string } }).error.code).toBe("unauthorized");

    const delivered = ofKept.map((s) => s.more());
    expect((await server.publish(channel, { type: "still.here", data: {} }, kept.key)).status).toBe(201);
    await Promise.all(delivered);
    for (const s of ofKept) {
      expect(await Promise.race([s.ended, s.more().then(() => "still reading")])).toBe("still reading");
      s.close();
    }
  });
});
