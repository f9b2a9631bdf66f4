// The gateway's edges, with the demo model as the upstream (no provider key on this server): it answers in
// each provider's format; wrong or missing keys get 401, keys without the gateway scope 403, a spent
// daily budget and a full minute the provider's own 429 (and gateway.failed); bad requests get the
// provider-shaped errors the README documents and announce nothing; calls attach to sessions; the
// snapshot adds up the last hour per agent and per model; outsiders cannot forge gateway events.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintAdminToken } from "@/lib/auth/tokens";
import { agentName, collect, endedCall, gatewayAnthropic, gatewayOpenAI } from "@/tests/support/gateway";
import { type Stream, startServer, TEST_SECRET, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";

let server: TestServer;
let key: string;
let watcherKey: string;
let watcher: Stream;

beforeAll(async () => {
  server = await startServer({
    env: { PARLEY_DEMO_TOKEN_MS: "2", PARLEY_TRUST_USER_HEADER: "true", PARLEY_GATEWAY_MAX_BODY_BYTES: "65536" },
  });
  [key, watcherKey] = await Promise.all([server.apiKey(["gateway"]), server.apiKey(["subscribe:gateway"])]);
  watcher = await server.stream("gateway", { key: watcherKey });
});
afterAll(async () => {
  watcher?.abort();
  await server?.stop();
});

const openaiBody = (content: string) => ({ model: "gpt-4o-mini", messages: [{ role: "user" as const, content }] });
const anthropicBody = (content: string) => ({
  model: "claude-3-5-haiku-latest",
  max_tokens: 100,
  messages: [{ role: "user" as const, content }],
});

async function keyWith(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/admin/api-keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${mintAdminToken(TEST_SECRET).token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "limited", scopes: ["gateway"], ...body }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${server.url}/api/v1/gateway/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
  });

describe("the demo model behind the gateway", () => {
  it("answers both SDKs in their wire format, streamed and whole, and the tap says it was the demo", async () => {
    const agent = agentName("Architect");
    const openai = gatewayOpenAI(server, key, { "X-Parley-Agent": agent });
    const chunks = await collect(await openai.chat.completions.create({ ...openaiBody("Design a cache"), stream: true }));
    const streamed = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(streamed).toContain("Cache");
    expect(chunks.some((c) => c.usage)).toBe(false);
    const { events } = await endedCall(watcher, agent);
    expect(events[0]).toMatchObject({ data: { upstream: "demo", model: "gpt-4o-mini" } });
    expect(events.at(-1)).toMatchObject({
      type: "gateway.completed",
      data: { finish_reason: "stop" },
    });
    expect(events.at(-1)!.data.cost_usd).toBeGreaterThan(0); // the demo model's simulated prices

    const whole = await openai.chat.completions.create(openaiBody("Design a cache"));
    expect(whole.choices[0]?.message.content).toBe(streamed);
    const message = await gatewayAnthropic(server, key).messages.stream(anthropicBody("Design a cache")).finalMessage();
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.stop_reason).toBe("end_turn");
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toContain("demo");
  });
});

describe("who may call", () => {
  it("refuses a missing or wrong key with 401 and a key without the gateway scope with 403, in each provider's shape", async () => {
    const noScope = await server.apiKey(["publish:*", "subscribe:*"]);
    const wrong = `pk_${"z".repeat(43)}`;
    await expect(gatewayOpenAI(server, wrong).chat.completions.create(openaiBody("hi"))).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    await expect(gatewayOpenAI(server, noScope).chat.completions.create(openaiBody("hi"))).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
    await expect(gatewayAnthropic(server, wrong).messages.create(anthropicBody("hi"))).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
    await expect(gatewayAnthropic(server, noScope).messages.create(anthropicBody("hi"))).rejects.toBeInstanceOf(
      Anthropic.PermissionDeniedError,
    );

    const none = await post("openai/v1/chat/completions", JSON.stringify(openaiBody("hi")), {});
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: {
        message: expect.stringContaining("Authorization: Bearer"),
        type: "invalid_request_error",
        code: "invalid_api_key",
        param: null,
      },
    });
    const forbidden = await post("anthropic/v1/messages", JSON.stringify(anthropicBody("hi")), { "x-api-key": noScope });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      type: "error",
      error: { type: "permission_error", message: expect.stringContaining("gateway scope") },
    });
  });
});

describe("limits across calls", () => {
  it("answers the provider's 429 once the key's daily budget is spent, and ends the call as failed", async () => {
    // Enough for one call's worst case (its input, and 50 output tokens at the demo model's price), not two.
    const limited = await keyWith({ gateway: { budget_usd: 0.0004 } });
    const agent = agentName("Spender");
    const openai = gatewayOpenAI(server, limited, { "X-Parley-Agent": agent });
    await openai.chat.completions.create({ ...openaiBody("Spend a little"), max_tokens: 50 });
    await endedCall(watcher, agent);
    // The call settled its cost when it ended: the next one's worst case no longer fits.
    await expect
      .poll(
        async () =>
          (
            await post("openai/v1/chat/completions", JSON.stringify({ ...openaiBody("again"), max_tokens: 50 }), {
              Authorization: `Bearer ${limited}`,
            })
          ).status,
        { timeout: 5000 },
      )
      .toBe(429);
    const refused = await post("openai/v1/chat/completions", JSON.stringify({ ...openaiBody("again"), max_tokens: 50 }), {
      Authorization: `Bearer ${limited}`,
      "X-Parley-Agent": "OverBudget",
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-should-retry")).toBe("false");
    expect(await refused.json()).toEqual({
      error: {
        message: expect.stringMatching(/daily gateway budget of \$0\.00040 cannot cover this call: \$0\.000\d+ is spent/),
        type: "insufficient_quota",
        code: "insufficient_quota",
        param: null,
      },
    });
    const { events } = await endedCall(watcher, "OverBudget");
    expect(events.map((e) => e.type)).toEqual(["gateway.request_started", "gateway.failed"]);
    expect(events[1]!.data).toMatchObject({ status: 429 });
    await expect(gatewayAnthropic(server, limited).messages.create(anthropicBody("and here?"))).rejects.toMatchObject({
      status: 429,
      error: { type: "error", error: { type: "rate_limit_error" } },
    });
  });

  it("answers 429 rate_limit_exceeded past the key's requests per minute", async () => {
    const limited = await keyWith({ gateway: { requests_per_minute: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post("openai/v1/chat/completions", JSON.stringify(openaiBody(`call ${i}`)), {
        Authorization: `Bearer ${limited}`,
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await res.json()).toMatchObject({ error: { type: "requests", code: "rate_limit_exceeded" } });
      } else await res.text();
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe("bad requests", () => {
  it("get the provider's own error shape and status, and announce nothing", async () => {
    const before = watcher.envelopes.length;
    const auth = { Authorization: `Bearer ${key}` };
    const cases: [string, string, Record<string, string>, number, string][] = [
      ["openai/v1/chat/completions", "{not json", auth, 400, "invalid_json"],
      ["openai/v1/chat/completions", JSON.stringify({ messages: [] }), auth, 400, "validation_failed"],
      ["openai/v1/chat/completions", JSON.stringify({ ...openaiBody("x".repeat(70_000)) }), auth, 413, "payload_too_large"],
      ["openai/v1/embeddings", "{}", auth, 404, "not_found"],
    ];
    for (const [path, body, headers, status, code] of cases) {
      const res = await post(path, body, headers);
      expect(res.status, `${path} ${body.slice(0, 30)}`).toBe(status);
      expect(await res.json()).toMatchObject({
        error: { type: expect.any(String), code, message: expect.any(String), param: null },
      });
    }
    const anthropic = await post(
      "anthropic/v1/messages",
      JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
      {
        "x-api-key": key,
      },
    );
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringContaining("max_tokens") },
    });
    const session = await post("openai/v1/chat/completions", JSON.stringify(openaiBody("hi")), {
      ...auth,
      "X-Parley-Session": "ses_nope",
    });
    expect(session.status).toBe(400);
    expect(await session.json()).toMatchObject({ error: { message: expect.stringContaining("X-Parley-Session") } });
    // Anything announced would be on the channel before this probe.
    const probe = await server.publish("gateway", { type: "probe.done", data: {} }, await server.apiKey());
    expect(probe.status).toBe(201);
    await watcher.waitFor((w) => w.envelopes.some((e) => e.type === "probe.done"));
    expect(watcher.envelopes.slice(before).map((e) => e.type)).toEqual(["probe.done"]);
  });

  it("gateway.* events are Parley's: an outside publisher cannot forge them", async () => {
    const publisher = await server.apiKey();
    const res = await server.publish("gateway", { type: "gateway.completed", data: { request_id: "x" } }, publisher);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { issues: [{ path: "type", message: "gateway.* types are reserved for Parley" }] },
    });
  });
});

describe("watching", () => {
  it("a call attached to a session shows up in its room: the tap's events and a line in the chat", async () => {
    const owner = user(server);
    const { body: created } = await owner.create({ title: "Gateway room" });
    const room = await owner.stream(created.session_id);
    const agent = agentName("Helper");
    await gatewayOpenAI(server, key, { "X-Parley-Agent": agent, "X-Parley-Session": created.session_id }).chat.completions.create(
      openaiBody("Help the room"),
    );
    await room.waitFor((r) => r.envelopes.some((e) => e.type === "session.message_created"));
    expect(room.envelopes.map((e) => e.type).filter((t) => t.startsWith("gateway."))).toEqual(
      expect.arrayContaining(["gateway.request_started", "gateway.completed"]),
    );
    const history = await owner.history(created.session_id);
    expect(history.body.messages.at(-1)).toMatchObject({
      message_type: "agent",
      content: expect.stringMatching(new RegExp(`^Model call by ${agent} \\(openai · gpt-4o-mini\\): \\d+ tokens · \\$`)),
    });
    room.abort();
  });

  it("the snapshot lists recent calls and adds up the last hour per agent and per model", async () => {
    const agent = agentName("Counter");
    const openai = gatewayOpenAI(server, key, { "X-Parley-Agent": agent });
    await openai.chat.completions.create(openaiBody("one"));
    await openai.chat.completions.create({ ...openaiBody("two"), model: "demo:swift" });
    const snapshot = async () => {
      const res = await fetch(`${server.url}/api/v1/gateway`, { headers: { Authorization: `Bearer ${watcherKey}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as {
        requests: { agent: string; status: string; cost_usd: number; text: string }[];
        totals: { by_agent: { name: string; requests: number; cost_usd: number }[]; by_model: { name: string }[] };
        last_event_id: string;
      };
    };
    await expect.poll(async () => (await snapshot()).totals.by_agent.find((r) => r.name === agent)?.requests).toBe(2);
    const s = await snapshot();
    const mine = s.requests.filter((r) => r.agent === agent);
    expect(mine.map((r) => r.status)).toEqual(["completed", "completed"]);
    expect(mine.every((r) => r.text.length > 0 && r.text.length <= 280)).toBe(true);
    expect(s.totals.by_agent.find((r) => r.name === agent)?.cost_usd).toBeCloseTo(
      mine.reduce((n, r) => n + r.cost_usd, 0),
      10,
    );
    expect(s.totals.by_model.map((r) => r.name)).toEqual(expect.arrayContaining(["gpt-4o-mini", "demo:swift"]));
    expect(s.last_event_id).toMatch(/^\d+-\d+$/);

    expect((await fetch(`${server.url}/api/v1/gateway`)).status).toBe(401);
    const other = await server.apiKey(["subscribe:ingest.*", "gateway"]);
    expect((await fetch(`${server.url}/api/v1/gateway`, { headers: { Authorization: `Bearer ${other}` } })).status).toBe(403);
  });
});
