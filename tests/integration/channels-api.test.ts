// Bad input on every channel endpoint gets its documented error and publishes nothing; read tokens work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "@/lib/auth/signing";
import { mintChannelToken } from "@/lib/auth/tokens";
import { publishMany, type Stream, startServer, TEST_SECRET, type TestServer } from "@/tests/support/server";

let server: TestServer;
let key: string;
let subscribeOnly: string;
let ingestOnly: string;

beforeAll(async () => {
  server = await startServer();
  [key, subscribeOnly, ingestOnly] = await Promise.all([
    server.apiKey(),
    server.apiKey(["subscribe:*"]),
    server.apiKey(["publish:ingest.*", "subscribe:ingest.*"]),
  ]);
});
afterAll(() => server?.stop());

const big = "x".repeat(64 * 1024);

interface Case {
  name: string;
  channel?: string;
  body: unknown;
  /** The credential, looked up when the case runs (keys are created in beforeAll). */
  auth?: () => string | null;
  status: number;
  code: string;
}

function publishCases(): Case[] {
  return [
    { name: "no API key", body: { type: "a.b", data: {} }, auth: () => null, status: 401, code: "unauthorized" },
    {
      name: "unknown API key",
      body: { type: "a.b", data: {} },
      auth: () => `pk_${"z".repeat(43)}`,
      status: 401,
      code: "unauthorized",
    },
    { name: "not a key at all", body: { type: "a.b", data: {} }, auth: () => "hello", status: 401, code: "unauthorized" },
    {
      name: "key without publish scope",
      body: { type: "a.b", data: {} },
      auth: () => subscribeOnly,
      status: 403,
      code: "forbidden",
    },
    {
      name: "key scoped to other channels",
      body: { type: "a.b", data: {} },
      auth: () => ingestOnly,
      status: 403,
      code: "forbidden",
    },
    { name: "bad channel name", channel: "Bad!Name", body: { type: "a.b", data: {} }, status: 400, code: "bad_request" },
    {
      name: "channel name too long",
      channel: "c".repeat(129),
      body: { type: "a.b", data: {} },
      status: 400,
      code: "bad_request",
    },
    { name: "malformed JSON", body: '{"type": "a.b", ', status: 400, code: "invalid_json" },
    { name: "empty body", body: "", status: 400, code: "invalid_json" },
    { name: "type not a string", body: { type: 5, data: {} }, status: 422, code: "validation_failed" },
    { name: "missing type", body: { data: {} }, status: 422, code: "validation_failed" },
    { name: "an array", body: [{ type: "a.b" }], status: 422, code: "validation_failed" },
    { name: "a number", body: 42, status: 422, code: "validation_failed" },
    { name: "unknown field", body: { type: "a.b", data: {}, extra: 1 }, status: 422, code: "validation_failed" },
    { name: "uppercase type", body: { type: "Ingest.Job", data: {} }, status: 422, code: "validation_failed" },
    { name: "empty type segment", body: { type: "a..b", data: {} }, status: 422, code: "validation_failed" },
    { name: "type with a space", body: { type: "a b", data: {} }, status: 422, code: "validation_failed" },
    {
      name: "reserved stream.* type",
      body: { type: "stream.reset", data: { reason: "x", cursor: "0-0" } },
      status: 422,
      code: "validation_failed",
    },
    {
      name: "built-in type with wrong data",
      body: { type: "run.progress", data: { completed_steps: "one" } },
      status: 422,
      code: "validation_failed",
    },
    { name: "events not an array", body: { events: "x" }, status: 422, code: "validation_failed" },
    { name: "empty batch", body: { events: [] }, status: 422, code: "validation_failed" },
    {
      name: "batch over 100",
      body: { events: Array.from({ length: 101 }, () => ({ type: "a.b", data: {} })) },
      status: 422,
      code: "validation_failed",
    },
    {
      name: "batch with one bad event",
      body: {
        events: [
          { type: "a.b", data: 1 },
          { type: "BAD", data: 2 },
        ],
      },
      status: 422,
      code: "validation_failed",
    },
    { name: "data over 64 KiB", body: { type: "a.b", data: big }, status: 413, code: "payload_too_large" },
    {
      name: "one oversized event in a batch",
      body: {
        events: [
          { type: "a.b", data: 1 },
          { type: "a.b", data: { big } },
        ],
      },
      status: 413,
      code: "payload_too_large",
    },
    {
      name: "body over the request limit",
      body: `{"type":"a.b","data":"${"y".repeat(7 * 1024 * 1024)}"}`,
      status: 413,
      code: "payload_too_large",
    },
  ];
}

async function errorOf(res: Response) {
  const body = (await res.json()) as { error?: { code?: string; message?: string; issues?: unknown[] } };
  return body.error;
}

describe("POST /api/v1/channels/{name}/events", () => {
  let watcher: Stream;
  beforeAll(async () => {
    watcher = await server.stream("bad-input", { key });
  });

  it.each(publishCases().map((c) => [c.name, c] as const))("%s → documented error", async (_name, c) => {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    const auth = c.auth ? c.auth() : key;
    if (auth) headers.Authorization = `Bearer ${auth}`;
    const res = await fetch(`${server.url}/api/v1/channels/${c.channel ?? "bad-input"}/events`, {
      method: "POST",
      headers,
      body: typeof c.body === "string" ? c.body : JSON.stringify(c.body),
    });
    expect(res.status).toBe(c.status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const error = await errorOf(res);
    expect(error?.code).toBe(c.code);
    expect(error?.message).toEqual(expect.any(String));
    if (c.code === "validation_failed") expect(error?.issues?.length).toBeGreaterThan(0);
  });

  it("published nothing for any rejected request", async () => {
    const [sentinel] = await publishMany(server, "bad-input", key, 1);
    await watcher.waitFor((r) => r.envelopes.length >= 1);
    watcher.abort();
    expect(watcher.envelopes.map((e) => e.id)).toEqual([sentinel]);
  });

  it("accepts a single event, a batch, and a body without a content type (curl -d)", async () => {
    const single = await server.publish("ok-shapes", { type: "ingest.job.updated", data: { state: "running" } }, key);
    expect(single.status).toBe(201);
    expect(await single.json()).toMatchObject({ events: [{ type: "ingest.job.updated" }], last_event_id: expect.any(String) });
    const batch = await server.publish("ok-shapes", { events: [{ type: "a.b" }, { type: "c.d", data: [1, 2] }] }, key);
    expect(((await batch.json()) as { events: unknown[] }).events).toHaveLength(2);
    const curlLike = await fetch(`${server.url}/api/v1/channels/ok-shapes/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: '{"type":"workflow.node_state.updated","data":{"node":"n1"}}',
    });
    expect(curlLike.status).toBe(201);
    const scoped = await server.publish("ingest.jobs", { type: "agent.run.created", data: {} }, ingestOnly);
    expect(scoped.status).toBe(201);
  });
});

describe("GET /api/v1/channels/{name}/stream", () => {
  const cases: {
    name: string;
    channel?: string;
    query?: string;
    auth?: () => string | null;
    headers?: Record<string, string>;
    status: number;
    code: string;
  }[] = [
    { name: "no credentials", auth: () => null, status: 401, code: "unauthorized" },
    { name: "unknown API key", auth: () => `pk_${"q".repeat(43)}`, status: 401, code: "unauthorized" },
    { name: "key without subscribe scope", auth: () => ingestOnly, status: 403, code: "forbidden" },
    { name: "bad channel name", channel: "NOPE", status: 400, code: "bad_request" },
    { name: "malformed Last-Event-ID", headers: { "Last-Event-ID": "yesterday" }, status: 400, code: "bad_request" },
    { name: "malformed ?last_event_id=", query: "last_event_id=1-2-3", status: 400, code: "bad_request" },
    { name: "bad types filter", query: "types=Agent.*", status: 400, code: "bad_request" },
    { name: "forged token", query: "token=pt1.e30.AAAA", auth: () => null, status: 401, code: "unauthorized" },
  ];

  it.each(cases.map((c) => [c.name, c] as const))("%s → documented error", async (_name, c) => {
    const headers: Record<string, string> = { ...c.headers };
    const auth = c.auth ? c.auth() : key;
    if (auth) headers.Authorization = `Bearer ${auth}`;
    const res = await fetch(`${server.url}/api/v1/channels/${c.channel ?? "s"}/stream${c.query ? `?${c.query}` : ""}`, {
      headers,
    });
    expect(res.status).toBe(c.status);
    expect((await errorOf(res))?.code).toBe(c.code);
  });

  it("opens with a read token for that channel only, and refuses expired ones", async () => {
    const minted = await fetch(`${server.url}/api/v1/channels/tok/tokens`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(minted.status).toBe(201);
    const body = (await minted.json()) as { token: string; expires_at: string; stream_url: string; console_url: string };
    expect(new Date(body.expires_at).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(body.console_url).toBe(`/channels/tok?token=${encodeURIComponent(body.token)}`);

    const s = await server.stream("tok", { token: body.token });
    const [id] = await publishMany(server, "tok", key, 1);
    await s.waitFor((r) => r.envelopes.length === 1);
    s.abort();
    expect(s.envelopes[0]?.id).toBe(id);

    const elsewhere = await fetch(`${server.url}/api/v1/channels/other/stream?token=${encodeURIComponent(body.token)}`);
    expect(elsewhere.status).toBe(401);
    const expired = mintToken(TEST_SECRET, "channel-read", { ch: "tok" }, -1).token;
    expect((await fetch(`${server.url}/api/v1/channels/tok/stream?token=${encodeURIComponent(expired)}`)).status).toBe(401);
    const otherSecret = mintChannelToken("another-secret-another-secret-1234", "tok", "key_x", 60).token;
    expect((await fetch(`${server.url}/api/v1/channels/tok/stream?token=${encodeURIComponent(otherSecret)}`)).status).toBe(401);
    // Signed with the server's secret, but naming no key (as tokens did before they were bound to one).
    const keyless = mintToken(TEST_SECRET, "channel-read", { ch: "tok" }, 60).token;
    expect((await fetch(`${server.url}/api/v1/channels/tok/stream?token=${encodeURIComponent(keyless)}`)).status).toBe(401);
  });

  it("mints tokens only for keys that may subscribe, with a valid lifetime", async () => {
    const post = (auth: string | null, body?: string) =>
      fetch(`${server.url}/api/v1/channels/tok/tokens`, {
        method: "POST",
        headers: auth ? { Authorization: `Bearer ${auth}` } : {},
        body,
      });
    expect((await post(null)).status).toBe(401);
    expect((await post(ingestOnly)).status).toBe(403);
    expect((await post(key, '{"ttl_s": "long"}')).status).toBe(422);
    expect((await post(key, '{"ttl_s": 999999}')).status).toBe(422);
    expect((await post(key, "{nope")).status).toBe(400);
    expect((await post(key, '{"ttl_s": 60}')).status).toBe(201);
  });
});

describe("admin and identity", () => {
  it("refuses to create API keys without an admin token", async () => {
    const res = await fetch(`${server.url}/api/v1/admin/api-keys`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}` },
      body: JSON.stringify({ name: "x" }),
    });
    expect(res.status).toBe(401);
  });

  it("gives a browser a signed identity cookie on its first visit, and keeps it", async () => {
    expect((await fetch(`${server.url}/api/v1/me`)).status).toBe(401);
    const page = await fetch(`${server.url}/`);
    const cookie = page.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^parley_id=u_[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    const first = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: cookie.split(";")[0]! } });
    const me = (await first.json()) as { user_id: string };
    expect(me.user_id).toBe(cookie.slice("parley_id=".length).split(".")[0]);
    const again = await fetch(`${server.url}/channels/x`, { headers: { cookie: cookie.split(";")[0]! } });
    expect(again.headers.get("set-cookie")).toBeNull();
    const tampered = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `parley_id=${me.user_id}.forged` } });
    expect(tampered.status).toBe(401);
  });

  it("ignores X-User-ID unless PARLEY_TRUST_USER_HEADER is on", async () => {
    const res = await fetch(`${server.url}/api/v1/me`, { headers: { "X-User-ID": "u_aaaaaaaaaaaaaaaaaaaa" } });
    expect(res.status).toBe(401);
  });
});
