// Hard budgets through the gateway, with the official clients against local upstreams: concurrent calls
// cannot take a key past its daily budget (each holds its worst case when it arrives), a stream that
// outgrows the budget is ended with the provider's error event (the SDK raises it) and recorded
// budget_exceeded, dated model names are priced as their family, and a model without a price is refused
// on a key with a budget instead of counting nothing. With PostgreSQL and Redis: the same across two
// instances, which share the budget through Redis.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeAnthropic, startFakeOpenAI } from "@/tests/support/fake-upstreams";
import { agentName, collect, endedCall, gatewayAnthropic, gatewayKeyWith, gatewayOpenAI } from "@/tests/support/gateway";
import { type SharedServices, startSharedServices, twoInstancesUnavailable } from "@/tests/support/instances";
import { type Stream, startServer, type TestServer } from "@/tests/support/server";

const DEFAULT_MAX_TOKENS = 100;

let server: TestServer;
let openai: FakeUpstream;
let anthropic: FakeUpstream;
let watcherKey: string;
let watcher: Stream;

beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
  server = await startServer({
    env: {
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseUrl,
      ANTHROPIC_API_KEY: anthropic.apiKey,
      ANTHROPIC_BASE_URL: anthropic.baseUrl,
      PARLEY_GATEWAY_DEFAULT_MAX_TOKENS: String(DEFAULT_MAX_TOKENS),
    },
  });
  watcherKey = await server.apiKey(["subscribe:gateway"]);
  watcher = await server.stream("gateway", { key: watcherKey });
});
afterAll(async () => {
  watcher?.abort();
  await server?.stop();
  await Promise.all([openai?.close(), anthropic?.close()]);
});

/** gpt-4o's list price, USD per million tokens: what the gateway must count any gpt-4o-* snapshot of that family at. */
const GPT_4O = { input: 2.5, output: 10 };
const usdOf = (usage: { prompt_tokens: number; completion_tokens: number } | null | undefined) =>
  usage ? (usage.prompt_tokens * GPT_4O.input + usage.completion_tokens * GPT_4O.output) / 1e6 : 0;
/** The documented worst case of a call: one input token per byte of its body, and its max_tokens. */
const worstCaseUsd = (body: unknown, maxTokens: number) =>
  (Buffer.byteLength(JSON.stringify(body)) * GPT_4O.input + maxTokens * GPT_4O.output) / 1e6;

// About 30,000 input tokens each ($0.075 at gpt-4o's price): 50 of them would spend $3.75. The streams
// take a second (SLOW:40), so they are all running at once; every fifth call is a whole answer.
const swarmBody = (i: number) => ({
  model: "gpt-4o",
  max_tokens: 50,
  messages: [{ role: "user" as const, content: `Call ${String(i).padStart(2, "0")} SLOW:40 ${"lorem ipsum ".repeat(10_000)}` }],
});
const SWARM_WORST_CASE_USD = worstCaseUsd(swarmBody(10), 50);

/** `n` concurrent calls spread over the clients: what each cost (from the usage its client was told), or its refusal. */
function swarm(clients: OpenAI[], n: number) {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const client = clients[i % clients.length]!;
      try {
        if (i % 5 === 0) return { usd: usdOf((await client.chat.completions.create(swarmBody(i))).usage), status: 200 };
        const chunks = await collect(
          await client.chat.completions.create({ ...swarmBody(i), stream: true, stream_options: { include_usage: true } }),
        );
        return { usd: usdOf(chunks.find((c) => c.usage)?.usage), status: 200 };
      } catch (error) {
        if (!(error instanceof OpenAI.APIError)) throw error;
        return { usd: 0, status: error.status ?? -1, code: error.code };
      }
    }),
  );
}

async function snapshotOf(agent: string) {
  const res = await fetch(`${server.url}/api/v1/gateway`, { headers: { Authorization: `Bearer ${watcherKey}` } });
  const body = (await res.json()) as { requests: { agent: string; status: string; http_status: number; cost_usd: number }[] };
  return body.requests.filter((r) => r.agent === agent);
}

describe("a key's daily budget", () => {
  it("holds under 50 concurrent calls: they spend at most the budget plus one call's worst case", async () => {
    const budgetUsd = 1;
    const key = await gatewayKeyWith(server, { budget_usd: budgetUsd });
    const agent = agentName("Swarm");
    const client = gatewayOpenAI(server, key, { "X-Parley-Agent": agent });
    const outcomes = await swarm([client], 50);
    const spent = outcomes.reduce((n, o) => n + o.usd, 0);
    const refused = outcomes.filter((o) => o.status === 429);
    console.log(`50 concurrent calls on a $1 budget: ${50 - refused.length} answered, spent $${spent.toFixed(4)}`);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((o) => o.code === "insufficient_quota")).toBe(true);
    expect(outcomes.filter((o) => o.status === 200).length).toBe(50 - refused.length);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(budgetUsd + SWARM_WORST_CASE_USD);
    // What Parley counted agrees: the calls it recorded cost what the clients were told, within the budget.
    await expect.poll(async () => (await snapshotOf(agent)).length, { timeout: 10_000 }).toBe(50);
    const recorded = (await snapshotOf(agent)).reduce((n, r) => n + r.cost_usd, 0);
    expect(recorded).toBeCloseTo(spent, 6);
    expect((await snapshotOf(agent)).filter((r) => r.status === "budget_exceeded")).toHaveLength(refused.length);
  });

  it("ends an OpenAI stream that outgrows it with the provider's error event, recorded budget_exceeded", async () => {
    const budgetUsd = 0.01;
    const key = await gatewayKeyWith(server, { budget_usd: budgetUsd });
    const agent = agentName("Runaway");
    // No max_tokens: the gateway sends its default cap upstream — which this upstream ignores.
    const stream = await gatewayOpenAI(server, key, { "X-Parley-Agent": agent }).chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "TOKENS:4000" }],
      stream: true,
    });
    let text = "";
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ code: "insufficient_quota", type: "insufficient_quota" });
    expect(String((error as Error).message)).toMatch(/daily gateway budget of \$0\.0100 ran out during this answer/);
    expect(text).toMatch(/^tok0 tok1 /);
    expect(text).not.toContain("tok3999");
    expect(openai.requests.at(-1)?.body).toMatchObject({ max_completion_tokens: DEFAULT_MAX_TOKENS });

    const { events } = await endedCall(watcher, agent);
    expect(events.at(-1)).toMatchObject({
      type: "gateway.failed",
      data: { status: 429, reason: "budget_exceeded", cost_usd: expect.closeTo(budgetUsd, 9) },
    });
    await expect.poll(async () => (await snapshotOf(agent)).map((r) => r.status)).toEqual(["budget_exceeded"]);
    // The day is spent.
    const again = await gatewayOpenAI(server, key)
      .chat.completions.create({ model: "gpt-4o", max_tokens: 1, messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 429, code: "insufficient_quota" });
  });

  it("ends an Anthropic stream the same way, in Anthropic's shape", async () => {
    const key = await gatewayKeyWith(server, { budget_usd: 0.01 });
    const agent = agentName("RunawayClaude");
    const stream = gatewayAnthropic(server, key, { "X-Parley-Agent": agent }).messages.stream({
      model: "claude-3-5-haiku-20241022",
      max_tokens: 50,
      messages: [{ role: "user", content: "TOKENS:4000" }],
    });
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: "error",
      error: { type: "rate_limit_error", message: expect.stringContaining("ran out during this answer") },
    });
    const { events } = await endedCall(watcher, agent);
    expect(events.at(-1)).toMatchObject({ type: "gateway.failed", data: { status: 429, reason: "budget_exceeded" } });
  });

  it("counts a dated model name at its family's price: 20 calls of gpt-4o-2024-11-20 do not pass $0.01", async () => {
    const free = await server.apiKey(["gateway"]);
    const agent = agentName("Dated");
    const ask = { model: "gpt-4o-2024-11-20", max_tokens: 50, messages: [{ role: "user" as const, content: "x".repeat(2000) }] };
    const answer = await gatewayOpenAI(server, free, { "X-Parley-Agent": agent }).chat.completions.create(ask);
    const { events } = await endedCall(watcher, agent);
    expect(events.at(-1)).toMatchObject({
      type: "gateway.completed",
      data: { cost_usd: expect.closeTo(usdOf(answer.usage), 12) },
    });
    expect(usdOf(answer.usage)).toBeGreaterThan(0);

    const key = await gatewayKeyWith(server, { budget_usd: 0.01 });
    let spent = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const got = await gatewayOpenAI(server, key)
        .chat.completions.create(ask)
        .then((a) => ({ status: 200, usd: usdOf(a.usage) }))
        .catch((e: unknown) => ({ status: e instanceof OpenAI.APIError ? (e.status ?? -1) : -1, usd: 0 }));
      statuses.push(got.status);
      spent += got.usd;
    }
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(0.01);
  });

  it("refuses a model nobody priced on a key with a budget, naming PARLEY_MODEL_PRICES; without a budget it passes", async () => {
    const key = await gatewayKeyWith(server, { budget_usd: 5 });
    const before = openai.requests.length;
    const refused = await gatewayOpenAI(server, key)
      .chat.completions.create({ model: "gpt-9-ultra", messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({ status: 400, type: "invalid_request_error", code: "model_not_priced" });
    expect(String((refused as Error).message)).toMatch(/openai:gpt-9-ultra has no price.*PARLEY_MODEL_PRICES/);
    await expect(
      gatewayAnthropic(server, key).messages.create({
        model: "claude-99",
        max_tokens: 10,
        messages: [{ role: "user", content: "hi" }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      error: { type: "error", error: { type: "invalid_request_error", message: expect.stringContaining("PARLEY_MODEL_PRICES") } },
    });
    expect(openai.requests.length).toBe(before);

    const free = await server.apiKey(["gateway"]);
    const answer = await gatewayOpenAI(server, free).chat.completions.create({
      model: "gpt-9-ultra",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(answer.choices[0]?.message.content).toBeTruthy();
  });
});

const skipReason = await twoInstancesUnavailable();
if (skipReason) console.warn(`two-instance budget test skipped: ${skipReason}`);

describe.skipIf(skipReason)("a key's daily budget across two instances", () => {
  let shared: SharedServices;
  let pair: TestServer[] = [];
  beforeAll(async () => {
    shared = await startSharedServices();
    const env = { ...shared.env, OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl };
    pair = await Promise.all([startServer({ env }), startServer({ env })]);
  });
  afterAll(async () => {
    await Promise.all(pair.map((s) => s.stop()));
    await shared?.stop();
  });

  it("is shared through Redis: 50 concurrent calls over both spend at most the budget plus one call's worst case", async () => {
    // Calls that cost what they hold: 500 output tokens of o1 ($0.03) each, all streaming at once. Two
    // ledgers of their own would let each instance spend the budget; one shared ledger lets both spend it once.
    const O1 = { input: 15, output: 60 };
    const body = (i: number) => ({
      model: "o1",
      max_completion_tokens: 500,
      messages: [{ role: "user" as const, content: `Call ${String(i).padStart(2, "0")} TOKENS:500` }],
    });
    const key = await gatewayKeyWith(pair[0]!, { budget_usd: 1 });
    const clients = pair.map((s) => gatewayOpenAI(s, key));
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        try {
          const chunks = await collect(
            await clients[i % 2]!.chat.completions.create({ ...body(i), stream: true, stream_options: { include_usage: true } }),
          );
          const usage = chunks.find((c) => c.usage)?.usage;
          return { status: 200, usd: usage ? (usage.prompt_tokens * O1.input + usage.completion_tokens * O1.output) / 1e6 : 0 };
        } catch (error) {
          if (!(error instanceof OpenAI.APIError)) throw error;
          return { status: error.status ?? -1, usd: 0 };
        }
      }),
    );
    const spent = outcomes.reduce((n, o) => n + o.usd, 0);
    const answered = outcomes.filter((o) => o.status === 200);
    console.log(`two instances, 50 concurrent calls on a $1 budget: ${answered.length} answered, spent $${spent.toFixed(4)}`);
    expect(outcomes.filter((o) => o.status === 429).length).toBe(50 - answered.length);
    expect(answered.length).toBeGreaterThan(0);
    const worstCase = (Buffer.byteLength(JSON.stringify(body(10))) * O1.input + 500 * O1.output) / 1e6;
    expect(spent).toBeLessThanOrEqual(1 + worstCase);
  });
});
