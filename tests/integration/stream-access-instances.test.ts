// Two instances on PostgreSQL and Redis (through the REST bridge), as on Vercel: a key revoked on A cuts
// off its read token's stream and its own on B within seconds, and B refuses them after — however
// recently B checked the key; a participant removed on A loses the run's AG-UI stream on B; a run's share
// link revoked on A ends its outsider's stream on B.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SharedServices, startSharedServices, twoInstancesUnavailable } from "@/tests/support/instances";
import { expectEndsWithin, openRaw } from "@/tests/support/raw-stream";
import { startRun } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";
import { newUserId, user } from "@/tests/support/session-client";

const skipReason = await twoInstancesUnavailable();
if (skipReason) console.warn(`two-instance stream access tests skipped: ${skipReason}`);

/** Well within a second on an idle machine; the margin is for a busy CI runner — the re-check fallback takes 30 s. */
const WITHIN_MS = 3000;

describe.skipIf(skipReason)("stream access across two instances", () => {
  let shared: SharedServices;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    shared = await startSharedServices();
    const env = { ...shared.env, PARLEY_TRUST_USER_HEADER: "true", PARLEY_DEMO_TOKEN_MS: "20", PARLEY_KEEPALIVE_MS: "250" };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await shared?.stop();
  });

  async function makeKey(on: TestServer, userId: string) {
    const res = await fetch(`${on.url}/api/v1/keys`, {
      method: "POST",
      headers: { "X-User-ID": userId, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "k" }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; key: string };
  }

  it("a key revoked on A ends its token's and its own streams on B, and B refuses them; another key's read on", async () => {
    const me = newUserId();
    const [revoked, kept] = [await makeKey(a, me), await makeKey(a, me)];
    const channel = `revoke-across-${Date.now()}`;
    const minted = await fetch(`${a.url}/api/v1/channels/${channel}/tokens`, {
      method: "POST",
      headers: { Authorization: `Bearer ${revoked.key}` },
    });
    expect(minted.status).toBe(201);
    const token = encodeURIComponent(((await minted.json()) as { token: string }).token);
    const onB = (query: string, key?: string) =>
      openRaw(`${b.url}/api/v1/channels/${channel}/stream${query}`, key ? { Authorization: `Bearer ${key}` } : {});

    const byToken = await onB(`?token=${token}`);
    const byKey = await onB("", revoked.key);
    const other = await onB("", kept.key);
    const revokedAt = Date.now();
    const revoke = await fetch(`${a.url}/api/v1/keys/${revoked.id}`, { method: "DELETE", headers: { "X-User-ID": me } });
    expect(revoke.status).toBe(200);
    await expectEndsWithin(byToken, revokedAt, WITHIN_MS);
    await expectEndsWithin(byKey, revokedAt, WITHIN_MS);

    // B verified the key moments ago; the revocation it heard wins over what it remembered.
    const again = [
      await fetch(`${b.url}/api/v1/channels/${channel}/stream?token=${token}`),
      await fetch(`${b.url}/api/v1/channels/${channel}/stream`, { headers: { Authorization: `Bearer ${revoked.key}` } }),
    ];
    expect(again.map((r) => r.status)).toEqual([401, 401]);

    const delivered = other.more();
    expect((await a.publish(channel, { type: "still.here", data: {} }, kept.key)).status).toBe(201);
    await delivered;
    expect(await Promise.race([other.ended, other.more().then(() => "still reading")])).toBe("still reading");
    other.close();
  });

  it("a participant removed on A loses the run's AG-UI stream on B within seconds", async () => {
    const owner = user(a);
    const ed = user(b);
    const s = (await owner.create({ title: "across" })).body;
    expect((await ed.join(s.invite_token, "Ed")).status).toBe(200);
    const run = await startRun(a, { task: "a long watch", session_id: s.session_id }, { "X-User-ID": owner.id });
    const pause = await fetch(`${a.url}/api/v1/runs/${run.run_id}/pause`, { method: "POST", headers: { "X-User-ID": owner.id } });
    expect(pause.status).toBeLessThan(300);
    const watching = await openRaw(`${b.url}/api/v1/runs/${run.run_id}/ag-ui`, { "X-User-ID": ed.id });
    const removedAt = Date.now();
    expect((await owner.call("DELETE", `/${s.session_id}/participants/${ed.id}`)).status).toBe(200);
    await expectEndsWithin(watching, removedAt, WITHIN_MS);
    expect((await fetch(`${b.url}/api/v1/runs/${run.run_id}/ag-ui`, { headers: { "X-User-ID": ed.id } })).status).toBe(404);
  });

  it("a share link revoked on A ends the outsider's stream of the run on B within seconds, and B then opens nothing with it", async () => {
    const owner = user(a);
    const s = (await owner.create({ title: "shared across" })).body;
    const run = await startRun(a, { task: "a long watch", session_id: s.session_id }, { "X-User-ID": owner.id });
    const asOwner = { "X-User-ID": owner.id, "Content-Type": "application/json" };
    const pause = await fetch(`${a.url}/api/v1/runs/${run.run_id}/pause`, { method: "POST", headers: asOwner });
    expect(pause.status).toBeLessThan(300);
    const made = await fetch(`${a.url}/api/v1/runs/${run.run_id}/share-links`, { method: "POST", headers: asOwner, body: "{}" });
    expect(made.status).toBe(201);
    const link = (await made.json()) as { id: string; token: string };
    const withLink = `${b.url}/api/v1/runs/${run.run_id}/events?share=${encodeURIComponent(link.token)}`;
    // An outsider: no identity of theirs opens the run, the link alone does.
    expect((await fetch(`${b.url}/api/v1/runs/${run.run_id}`)).status).toBe(404);
    const watching = await openRaw(withLink, {});
    const revokedAt = Date.now();
    const revoked = await fetch(`${a.url}/api/v1/runs/${run.run_id}/share-links/${link.id}`, {
      method: "DELETE",
      headers: asOwner,
    });
    expect(revoked.status).toBe(200);
    await expectEndsWithin(watching, revokedAt, WITHIN_MS);
    expect((await fetch(withLink)).status).toBe(404);
  });
});
