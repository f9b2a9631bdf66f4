// Run share links on one real `next start` (embedded database or PostgreSQL, memory hub): someone outside
// the session reads the one run through a link — page, snapshot, stream — and nothing else of the session;
// revoking the link ends an open stream at once and the link then opens nothing; an expired link likewise;
// who may make links, the limits, and bad bodies changing nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SHARE_LINKS_PER_RUN, SHARE_LINK_MAX_S } from "@/lib/runs/share/schemas";
import type { RunSnapshot } from "@/lib/runs/views";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { openRunStream } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";
import { request } from "@/tests/support/session-client";
import { ofType, type Room, room } from "@/tests/support/steering";

let server: TestServer;
let database: OwnDatabase;

beforeAll(async () => {
  database = await ownDatabase();
  server = await startServer({
    env: {
      ...database.env,
      PARLEY_TRUST_USER_HEADER: "true",
      PARLEY_DEFAULT_MODEL: "demo",
      PARLEY_DEMO_TOKEN_MS: "2",
      PARLEY_RATE_LIMIT_SCALE: "100",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

/** A run that waits at its first gate: its stream stays open until something ends it. */
async function waitingRun(r: Room): Promise<string> {
  const res = await r.owner("POST", "", {
    task: "Build a REST API with JWT auth",
    strategy: "pipeline",
    agents: ["Architect", "Coder"],
    session_id: r.sessionId,
    approval: "each_step",
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.run_id as string;
}

const anonymous = (method: string, path: string, headers: Record<string, string> = {}) =>
  request(`${server.url}${path}`, method, undefined, headers);
const page = async (path: string) => (await fetch(`${server.url}${path}`)).status;

describe("a run's share link", () => {
  it("opens the run to an outsider, read-only, and nothing else of its session", async () => {
    const r = await room([server]);
    const runId = await waitingRun(r);
    const other = await waitingRun(r);
    const made = await r.editor("POST", `/${runId}/share-links`, { expires_in_s: 3600 });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const { id, token, url, expires_at } = made.body as { id: string; token: string; url: string; expires_at: string };
    expect(url).toBe(`${server.url}/runs/${runId}?share=${token}`);
    expect(Date.parse(expires_at) - Date.now()).toBeGreaterThan(3500_000);
    const listed = (await r.owner("GET", `/${runId}/share-links`)).body.links as { id: string }[];
    expect(listed.map((l) => l.id)).toEqual([id]);
    expect(JSON.stringify(listed)).not.toContain(token);

    const q = `?share=${encodeURIComponent(token)}`;
    const snap = await r.outsider("GET", `/${runId}${q}`);
    expect(snap.status).toBe(200);
    const shared = snap.body as RunSnapshot;
    expect(shared.run.run_id).toBe(runId);
    expect(shared.rights).toMatchObject({ steer: false, control: false, comment: false, moderate: false });
    expect((await anonymous("GET", `/api/v1/runs/${runId}`, { "X-Parley-Share-Token": token })).status).toBe(200);
    expect(await page(`/runs/${runId}${q}`)).toBe(200);
    expect((await anonymous("GET", `/api/v1/runs/${runId}/export?format=md&share=${token}`)).status).toBe(200);

    // Nothing else: without the link, another run, the session, its messages, its list of runs, writes.
    expect((await r.outsider("GET", `/${runId}`)).status).toBe(404);
    expect(await page(`/runs/${runId}`)).toBe(404);
    expect((await r.outsider("GET", `/${other}${q}`)).status).toBe(404);
    expect(await page(`/runs/${other}${q}`)).toBe(404);
    expect((await anonymous("GET", `/api/v1/collaborate/${r.sessionId}${q}`)).status).toBe(404);
    expect((await anonymous("GET", `/api/v1/collaborate/${r.sessionId}/history${q}`)).status).toBe(404);
    expect(await page(`/sessions/${r.sessionId}${q}`)).toBe(404);
    expect((await r.outsider("GET", `${q}&session_id=${r.sessionId}`)).status).toBe(404);
    expect((await r.outsider("POST", `/${runId}/comments${q}`, { content: "hi", anchor: { turn_id: "x" } })).status).toBe(404);
    expect((await r.outsider("POST", `/${runId}/interjections${q}`, { content: "hi" })).status).toBe(404);
    expect((await r.outsider("GET", `/${runId}/share-links${q}`)).status).toBe(404);
    expect((await r.outsider("POST", `/${runId}/fork${q}`, { at: { turn_id: "x" } })).status).toBe(404);

    // Revoked while a stream is open: the stream ends at once, and the link opens nothing any more.
    const stream = await openRunStream(server, `/api/v1/runs/${runId}/events${q}`);
    await stream.waitFor((s) => ofType(s.envelopes, "run.awaiting_approval").length > 0, 30_000);
    const t0 = Date.now();
    const revoked = await r.owner("DELETE", `/${runId}/share-links/${id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id, revoked: true });
    expect(await stream.ended).toBe("end");
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await r.outsider("GET", `/${runId}${q}`)).status).toBe(404);
    expect(await page(`/runs/${runId}${q}`)).toBe(404);
    expect((await anonymous("GET", `/api/v1/runs/${runId}/events${q}`)).status).toBe(404);
    // Revoking twice is fine; the members still read as themselves.
    expect((await r.owner("DELETE", `/${runId}/share-links/${id}`)).status).toBe(200);
    expect((await r.viewer("GET", `/${runId}${q}`)).status).toBe(200);
  });

  it("expired: its open stream ends and it opens nothing", async () => {
    const r = await room([server]);
    const runId = await waitingRun(r);
    const made = await r.owner("POST", `/${runId}/share-links`, { expires_in_s: 3 });
    expect(made.status).toBe(201);
    const q = `?share=${encodeURIComponent(made.body.token)}`;
    const stream = await openRunStream(server, `/api/v1/runs/${runId}/events${q}`);
    expect(await stream.ended).toBe("end");
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(made.body.expires_at));
    expect((await r.outsider("GET", `/${runId}${q}`)).status).toBe(404);
    expect(await page(`/runs/${runId}${q}`)).toBe(404);
    const links = (await r.owner("GET", `/${runId}/share-links`)).body.links;
    expect(links).toMatchObject([{ expired: true, revoked: false }]);
  });

  it("is made only by the run's controllers, within its limits; a bad body makes nothing", async () => {
    const r = await room([server]);
    const runId = await waitingRun(r);
    expect((await r.viewer("POST", `/${runId}/share-links`, {})).status).toBe(403);
    expect((await r.viewer("GET", `/${runId}/share-links`)).status).toBe(403);
    expect((await r.outsider("POST", `/${runId}/share-links`, {})).status).toBe(404);
    for (const body of [{ expires_in_s: 0 }, { expires_in_s: SHARE_LINK_MAX_S + 1 }, { expires_in_s: "1" }, { other: 1 }]) {
      const res = await r.owner("POST", `/${runId}/share-links`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect((await r.owner("GET", `/${runId}/share-links`)).body.links).toEqual([]);
    // Without a body: the default lifetime, 7 days.
    const first = await r.owner("POST", `/${runId}/share-links`);
    expect(first.status).toBe(201);
    expect(Date.parse(first.body.expires_at) - Date.parse(first.body.created_at)).toBe(7 * 24 * 3600 * 1000);
    for (let i = 1; i < MAX_SHARE_LINKS_PER_RUN; i++)
      expect((await r.owner("POST", `/${runId}/share-links`, {})).status).toBe(201);
    const over = await r.owner("POST", `/${runId}/share-links`, {});
    expect([over.status, over.body.error.code]).toEqual([409, "conflict"]);
    // A revoked one frees its place.
    expect((await r.owner("DELETE", `/${runId}/share-links/${first.body.id}`)).status).toBe(200);
    expect((await r.owner("POST", `/${runId}/share-links`, {})).status).toBe(201);
    expect((await r.owner("DELETE", `/${runId}/share-links/shl_nope`)).status).toBe(404);
  });
});
