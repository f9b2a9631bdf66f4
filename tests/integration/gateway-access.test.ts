// Who may use the gateway. Keys people make on the keys page may call and watch it while it has only the
// demo model; once a real provider is configured (PARLEY_GATEWAY_SELF_SERVE=auto) only the operator's
// keys may — a self-made key would let any visitor spend the provider account and read every app's
// prompts. Keys made before the provider came stop working for it, new ones are refused with nothing
// written, and making keys is rate-limited per person and per address.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { type FakeUpstream, startFakeOpenAI } from "@/tests/support/fake-upstreams";
import { gatewayOpenAI } from "@/tests/support/gateway";
import { startServer, type TestServer } from "@/tests/support/server";
import { request } from "@/tests/support/session-client";

const body = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Say something" }] };

let upstream: FakeUpstream;
let database: OwnDatabase;
const stopping: TestServer[] = [];
beforeAll(async () => {
  upstream = await startFakeOpenAI();
  // Two servers in turn on one database: on PostgreSQL, one of this file's own.
  database = await ownDatabase();
});
afterAll(async () => {
  for (const s of stopping) await s.stop();
  await upstream?.close();
  await database?.drop();
});

/** A browser's identity cookie, as the keys page has it. */
async function browser(server: TestServer): Promise<Record<string, string>> {
  const cookie = (await fetch(`${server.url}/`)).headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("no identity cookie");
  return { Cookie: cookie };
}

const makeKey = (server: TestServer, who: Record<string, string>, scopes: string[]) =>
  request(`${server.url}/api/v1/keys`, "POST", { name: "mine", scopes }, { ...who, Origin: server.url });

describe("the gateway with a real provider", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-gateway-access-"));
  const env = () => ({
    PARLEY_DATA_DIR: dataDir,
    ...database.env,
    OPENAI_API_KEY: upstream.apiKey,
    OPENAI_BASE_URL: upstream.baseUrl,
  });
  let early: string;
  let me: Record<string, string>;

  it("lets a key made on the keys page in while PARLEY_GATEWAY_SELF_SERVE=true", async () => {
    const open = await startServer({ env: { ...env(), PARLEY_GATEWAY_SELF_SERVE: "true" } });
    stopping.push(open);
    me = await browser(open);
    const made = await makeKey(open, me, ["gateway", "subscribe:gateway"]);
    expect(made.status).toBe(201);
    early = made.body.key;
    const answer = await gatewayOpenAI(open, early).chat.completions.create(body);
    expect(answer.choices[0]?.message.content).toBeTruthy();
    await open.stop();
  });

  it("then, by default, refuses keys made on the keys page — calling, watching, reading tokens, making one", async () => {
    const closed = await startServer({ env: env() });
    stopping.push(closed);
    const refusal = /takes keys made by its operator/;

    // The key made while it was open no longer calls it: the provider's own 403 shape.
    await expect(gatewayOpenAI(closed, early).chat.completions.create(body)).rejects.toMatchObject({
      status: 403,
      error: { type: "request_forbidden", message: expect.stringMatching(refusal) },
    });
    // Nor watches it, in any way a key can.
    const bearer = { Authorization: `Bearer ${early}` };
    const snapshot = await request(`${closed.url}/api/v1/gateway`, "GET", undefined, bearer);
    expect(snapshot).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden", message: expect.stringMatching(refusal) } },
    });
    const stream = await request(`${closed.url}/api/v1/channels/gateway/stream`, "GET", undefined, bearer);
    expect(stream.status).toBe(403);
    const token = await request(`${closed.url}/api/v1/channels/gateway/tokens`, "POST", undefined, bearer);
    expect(token.status).toBe(403);

    // A key for every channel is still made and works on other channels, but not on the gateway's.
    const wide = await makeKey(closed, me, ["publish:*", "subscribe:*"]);
    expect(wide.status).toBe(201);
    const wideBearer = { Authorization: `Bearer ${wide.body.key}` };
    expect((await request(`${closed.url}/api/v1/channels/gateway/stream`, "GET", undefined, wideBearer)).status).toBe(403);
    const published = await request(`${closed.url}/api/v1/channels/notes/events`, "POST", { type: "note", data: {} }, wideBearer);
    expect(published.status).toBe(201);

    // Asking for the gateway outright is refused, and nothing is written.
    for (const scopes of [["gateway"], ["subscribe:gateway"], ["publish:*", "gateway"]]) {
      const refused = await makeKey(closed, me, scopes);
      expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    }
    const mine = await request(`${closed.url}/api/v1/keys`, "GET", undefined, me);
    expect(mine.body.keys.map((k: { scopes: string[] }) => k.scopes)).toEqual([
      ["publish:*", "subscribe:*"],
      ["gateway", "subscribe:gateway"],
    ]);

    // The operator's keys call and watch it as before.
    const operator = await closed.apiKey(["gateway", "subscribe:gateway"]);
    const answer = await gatewayOpenAI(closed, operator).chat.completions.create(body);
    expect(answer.choices[0]?.message.content).toBeTruthy();
    const watched = await request(`${closed.url}/api/v1/gateway`, "GET", undefined, { Authorization: `Bearer ${operator}` });
    expect(watched.status).toBe(200);

    // The page says which key it needs.
    const page = await (await fetch(`${closed.url}/gateway`)).text();
    expect(page).toContain("is watched with a key from its operator");
  });
});

describe("making keys", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    stopping.push(server);
  });

  it("is limited to 10 a minute per person and 20 per address, with Retry-After; a refused one writes nothing", async () => {
    const first = await browser(server);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await makeKey(server, first, ["subscribe:*"])).status);
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
    const limited = await makeKey(server, first, ["subscribe:*"]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await request(`${server.url}/api/v1/keys`, "GET", undefined, first)).body.keys).toHaveLength(10);

    // Fresh identities are free; the address is not: ten more from others, then none.
    const others: number[] = [];
    for (let i = 0; i < 11; i++) others.push((await makeKey(server, await browser(server), ["subscribe:*"])).status);
    expect(others).toEqual([...Array(10).fill(201), 429]);
  });
});
