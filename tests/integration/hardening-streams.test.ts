// Hostile stream requests on a real server: unusable cursors, stream caps, readers removed from a session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";
import { readSse } from "@/tests/support/sse-reader";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    env: {
      PARLEY_TRUST_USER_HEADER: "true",
      PARLEY_DEMO_TOKEN_MS: "20",
      PARLEY_RATE_LIMIT_SCALE: "100",
      PARLEY_STREAMS_PER_KEY: "5",
      PARLEY_STREAMS_PER_USER: "3",
      PARLEY_STREAMS_PER_ADDRESS: "8",
    },
  });
});
afterAll(() => server?.stop());

describe("an unusable cursor", () => {
  it("is a 400 that leaves no stream or timer behind, on channel and run streams, header or query", async () => {
    const key = await server.apiKey();
    const run = await startRun(server, { task: "cursor probe" });
    const cursors = ["9999999999999999-0", "1-9999999999999999", "9007199254740993-0"];
    const attempts: Promise<Response>[] = [];
    for (let i = 0; i < 20; i++) {
      const cursor = cursors[i % cursors.length]!;
      attempts.push(
        fetch(`${server.url}/api/v1/channels/probe/stream`, {
          headers: { Authorization: `Bearer ${key}`, "Last-Event-ID": cursor },
        }),
        fetch(`${server.url}/api/v1/runs/${run.run_id}/events?last_event_id=${cursor}`),
        fetch(`${server.url}/api/v1/events/orchestration/${run.run_id}`, { headers: { "Last-Event-ID": cursor } }),
      );
    }
    const responses = await Promise.all(attempts);
    for (const res of responses) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
    const health = await server.health();
    expect(health.streams).toMatchObject({ open: 0, timers: 0 });
  });
});

describe("stream caps", () => {
  it("caps concurrent streams per API key with 429 and Retry-After, reported by /api/health, and frees a slot on close", async () => {
    const key = await server.apiKey();
    const open = await Promise.all(Array.from({ length: 5 }, () => server.stream("capped", { key })));
    const refused = await fetch(`${server.url}/api/v1/channels/capped/stream`, { headers: { Authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    const health = (await server.health()) as unknown as { streams: { open: number; caps: Record<string, number> } };
    expect(health.streams.open).toBe(5);
    expect(health.streams.caps).toMatchObject({ per_key: 5, per_user: 3, per_address: 8 });
    open[0]!.abort();
    await expect.poll(async () => (await server.health()).streams.open).toBe(4);
    const again = await server.stream("capped", { key });
    for (const s of [...open.slice(1), again]) s.abort();
    await expect.poll(async () => (await server.health()).streams).toMatchObject({ open: 0, timers: 0 });
  });

  it("caps streams per user and per address, without credentials too", async () => {
    const owner = user(server);
    const s = (await owner.create({ title: "caps", is_public: true })).body;
    const mine = await Promise.all(Array.from({ length: 3 }, () => owner.stream(s.session_id)));
    const fourth = await fetch(`${server.url}/api/v1/collaborate/${s.session_id}/stream`, { headers: { "X-User-ID": owner.id } });
    expect(fourth.status).toBe(429);
    // Anonymous readers of the public session: five more reach the address's cap of eight — however
    // they dress up their address, since no proxy header is trusted here.
    const anonymous: Response[] = [];
    for (let i = 0; i < 6; i++) {
      const forged = { "X-Forwarded-For": `10.9.9.${i}`, "X-Real-IP": `10.8.8.${i}`, "X-Parley-Peer-Address": `10.7.7.${i}` };
      anonymous.push(await fetch(`${server.url}/api/v1/collaborate/${s.session_id}/stream`, { headers: forged }));
    }
    expect(anonymous.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    for (const r of anonymous) await r.body?.cancel();
    for (const m of mine) m.abort();
    await expect.poll(async () => (await server.health()).streams).toMatchObject({ open: 0, timers: 0 });
  });
});

describe("a session's run, for a reader who leaves", () => {
  it("run and compatibility streams end within a second of the reader's removal, and of the session's deletion", async () => {
    const owner = user(server);
    const ed = user(server);
    const s = (await owner.create({ title: "watchers" })).body;
    expect((await ed.join(s.invite_token, "Ed")).status).toBe(200);
    const run = await startRun(server, { task: "a long watch", session_id: s.session_id }, { "X-User-ID": owner.id });
    const pause = await fetch(`${server.url}/api/v1/runs/${run.run_id}/pause`, {
      method: "POST",
      headers: { "X-User-ID": owner.id },
    });
    expect(pause.status).toBeLessThan(300);
    const watch = async (path: string, who: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { "X-User-ID": who } });
      expect(res.status).toBe(200);
      return readSse(res.body!);
    };
    const edRun = await watch(`/api/v1/runs/${run.run_id}/events`, ed.id);
    const edCompat = await watch(`/api/v1/events/orchestration/${run.run_id}`, ed.id);
    const ownerRun = await watch(`/api/v1/runs/${run.run_id}/events`, owner.id);
    await edRun.waitFor((r) => r.envelopes.length > 0);
    const removedAt = Date.now();
    expect((await owner.call("DELETE", `/${s.session_id}/participants/${ed.id}`)).status).toBe(200);
    expect(await edRun.ended).toBe("end");
    expect(await edCompat.ended).toBe("end");
    expect(Date.now() - removedAt).toBeLessThan(1000);
    const deletedAt = Date.now();
    expect((await owner.call("DELETE", `/${s.session_id}`)).status).toBe(200);
    expect(await ownerRun.ended).toBe("end");
    expect(Date.now() - deletedAt).toBeLessThan(1000);
    await expect.poll(async () => (await server.health()).streams).toMatchObject({ open: 0, timers: 0 });
  });
});
