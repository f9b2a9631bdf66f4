// The LLM gateway with the official OpenAI and Anthropic clients, against local upstreams speaking each
// provider's wire format: answers equal calling the upstream directly, a watcher of the `gateway` channel
// sees started → deltas → completed with the right usage and cost, upstream failures reach the caller and
// end as gateway.failed, and a watcher that never reads does not slow the caller.
import { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costUsd, priceTable } from "@/lib/runs/models/pricing";
import { type FakeUpstream, startFakeAnthropic, startFakeOpenAI, usageOf } from "@/tests/support/fake-upstreams";
import {
  agentName,
  collect,
  directAnthropic,
  directOpenAI,
  endedCall,
  type GatewayEvent,
  gatewayAnthropic,
  gatewayOpenAI,
  stuckReader,
} from "@/tests/support/gateway";
import { type Stream, startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;
let openai: FakeUpstream;
let anthropic: FakeUpstream;
let key: string;
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
      PARLEY_STREAM_QUEUE_BYTES: String(64 * 1024),
      PARLEY_STREAM_LAG_GRACE_MS: "200",
    },
  });
  [key, watcherKey] = await Promise.all([server.apiKey(["gateway"]), server.apiKey(["subscribe:gateway"])]);
  watcher = await server.stream("gateway", { key: watcherKey });
});
afterAll(async () => {
  watcher?.abort();
  await server?.stop();
  await Promise.all([openai?.close(), anthropic?.close()]);
});

const prices = priceTable();
const text = (events: GatewayEvent[]) =>
  events
    .filter((e) => e.type === "gateway.text_delta")
    .map((e) => String(e.data.text))
    .join("");

describe("OpenAI chat completions through the gateway", () => {
  const ask = (content: string) => ({ model: "gpt-4o-mini", messages: [{ role: "user" as const, content }] });

  it("streams exactly the chunks the upstream sends, with and without include_usage", async () => {
    const direct = directOpenAI(openai.baseUrl, openai.apiKey);
    const through = gatewayOpenAI(server, key);
    for (const streamOptions of [undefined, { include_usage: true }]) {
      const body = {
        ...ask("Compare tabs and spaces"),
        stream: true as const,
        ...(streamOptions && { stream_options: streamOptions }),
      };
      const expected = await collect(await direct.chat.completions.create(body));
      const got = await collect(await through.chat.completions.create(body));
      expect(got).toEqual(expected);
      expect(got.length).toBeGreaterThan(5);
      expect(got.some((c) => c.usage)).toBe(Boolean(streamOptions));
    }
  });

  it("answers non-streaming calls exactly as the upstream does", async () => {
    const body = ask("Name a prime number");
    const expected = await directOpenAI(openai.baseUrl, openai.apiKey).chat.completions.create(body);
    const got = await gatewayOpenAI(server, key).chat.completions.create(body);
    expect(got).toEqual(expected);
  });

  it("announces started → deltas → completed with the upstream's usage and its cost", async () => {
    const agent = agentName("Coder");
    const body = ask("Write a haiku about queues");
    const chunks = await collect(
      await gatewayOpenAI(server, key, { "X-Parley-Agent": agent }).chat.completions.create({ ...body, stream: true }),
    );
    const { events } = await endedCall(watcher, agent);
    expect(events[0]).toMatchObject({
      type: "gateway.request_started",
      data: { provider: "openai", model: "gpt-4o-mini", agent, upstream: "openai", stream: true },
    });
    expect(events.slice(1, -1).every((e) => e.type === "gateway.text_delta")).toBe(true);
    expect(text(events)).toBe(chunks.map((c) => c.choices[0]?.delta.content ?? "").join(""));
    const { input, output } = usageOf(openai.requests.at(-1)!.body, text(events).split(/(?<= )/));
    expect(events.at(-1)).toMatchObject({
      type: "gateway.completed",
      data: {
        input_tokens: input,
        output_tokens: output,
        finish_reason: "stop",
        cost_usd: expect.closeTo(costUsd(prices, "openai:gpt-4o-mini", input, output), 12),
      },
    });
    // Fewer events than chunks: text deltas are coalesced.
    expect(events.length).toBeLessThan(chunks.length);
  });

  it("sends the upstream its own key and the request body, never the caller's key or headers", async () => {
    await gatewayOpenAI(server, key, {
      "X-Parley-Agent": agentName("Spy"),
      "X-Secret-Thing": "leak",
      Cookie: "a=b",
    }).chat.completions.create(ask("Who am I?"));
    const seen = openai.requests.at(-1)!;
    expect(seen.headers.authorization).toBe(`Bearer ${openai.apiKey}`);
    expect(JSON.stringify(seen.headers)).not.toContain(key);
    expect(seen.headers).not.toHaveProperty("x-secret-thing");
    expect(seen.headers).not.toHaveProperty("x-parley-agent");
    expect(seen.headers).not.toHaveProperty("cookie");
    expect(seen.body).toEqual(ask("Who am I?"));
  });

  it("lists the upstream's models, as the upstream lists them", async () => {
    const expected = [];
    for await (const model of directOpenAI(openai.baseUrl, openai.apiKey).models.list()) expected.push(model);
    const got = [];
    for await (const model of gatewayOpenAI(server, key).models.list()) got.push(model);
    expect(expected.length).toBeGreaterThan(0);
    expect(got).toEqual(expected);
  });

  it("passes an upstream 500 on with its status and shape, and ends the call as failed", async () => {
    const agent = agentName("Failing");
    const call = gatewayOpenAI(server, key, { "X-Parley-Agent": agent }).chat.completions.create(ask("FAIL:500"));
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 500,
      type: "server_error",
      message: expect.stringContaining("failed with 500 on purpose"),
    });
    const { events } = await endedCall(watcher, agent);
    expect(events.map((e) => e.type)).toEqual(["gateway.request_started", "gateway.failed"]);
    expect(events[1]!.data).toMatchObject({ status: 500, message: expect.stringContaining("on purpose") });
  });

  it("keeps an upstream's refusal of the server's own key on the server: the caller gets a 502", async () => {
    const agent = agentName("Misconfigured");
    const error = await gatewayOpenAI(server, key, { "X-Parley-Agent": agent })
      .chat.completions.create(ask("FAIL:401"))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, type: "server_error", code: "upstream_failed" });
    expect(String((error as Error).message)).toContain("refused the server's credentials");
    expect(String((error as Error).message)).not.toContain("on purpose");
    const { events } = await endedCall(watcher, agent);
    expect(events.at(-1)).toMatchObject({ type: "gateway.failed", data: { status: 502 } });
  });

  it("turns an upstream connection dropped mid-stream into an error the client raises", async () => {
    const agent = agentName("Dropped");
    const stream = await gatewayOpenAI(server, key, { "X-Parley-Agent": agent }).chat.completions.create({
      ...ask("DROP:3"),
      stream: true,
    });
    const got: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) got.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(String((error as Error).message)).toContain("lost mid-stream");
    expect(got.join("")).not.toBe("");
    const { events } = await endedCall(watcher, agent);
    expect(events.at(-1)).toMatchObject({ type: "gateway.failed", data: { status: 502 } });
    expect(text(events)).toBe(got.join(""));
  });
});

describe("Anthropic messages through the gateway", () => {
  const ask = (content: string) => ({
    model: "claude-3-5-haiku-latest",
    max_tokens: 256,
    messages: [{ role: "user" as const, content }],
  });

  it("streams exactly the events the upstream sends, and answers non-streaming calls the same", async () => {
    const direct = directAnthropic(anthropic.baseUrl, anthropic.apiKey);
    const through = gatewayAnthropic(server, key);
    const expected = await collect(await direct.messages.create({ ...ask("Explain backpressure"), stream: true }));
    const got = await collect(await through.messages.create({ ...ask("Explain backpressure"), stream: true }));
    expect(got).toEqual(expected);
    expect(got.map((e) => e.type)).toContain("message_delta");
    expect(await through.messages.create(ask("Explain backpressure"))).toEqual(
      await direct.messages.create(ask("Explain backpressure")),
    );
  });

  it("announces the call and completes it with message_start's input and message_delta's output tokens", async () => {
    const agent = agentName("Reviewer");
    const stream = gatewayAnthropic(server, key, { "X-Parley-Agent": agent }).messages.stream(ask("Review this plan"));
    const final = await stream.finalMessage();
    const { events } = await endedCall(watcher, agent);
    expect(events[0]).toMatchObject({
      type: "gateway.request_started",
      data: { provider: "anthropic", upstream: "anthropic", agent },
    });
    expect(text(events)).toBe(final.content.map((b) => (b.type === "text" ? b.text : "")).join(""));
    const { input_tokens: input, output_tokens: output } = final.usage;
    expect(input).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({
      type: "gateway.completed",
      data: {
        input_tokens: input,
        output_tokens: output,
        finish_reason: "end_turn",
        cost_usd: expect.closeTo(costUsd(prices, "anthropic:claude-3-5-haiku-latest", input, output), 12),
      },
    });
    const seen = anthropic.requests.at(-1)!;
    expect(seen.headers["x-api-key"]).toBe(anthropic.apiKey);
    expect(seen.headers["anthropic-version"]).toBeTruthy();
  });

  it("passes an upstream 529 on, and a stream dropped mid-way reaches the client as an error", async () => {
    const overloaded = agentName("Overloaded");
    const client = gatewayAnthropic(server, key, { "X-Parley-Agent": overloaded });
    await expect(client.messages.create(ask("FAIL:529"))).rejects.toMatchObject({
      status: 529,
      error: { type: "error", error: { type: "overloaded_error" } },
    });
    const failed = await endedCall(watcher, overloaded);
    expect(failed.events.map((e) => e.type)).toEqual(["gateway.request_started", "gateway.failed"]);
    expect(failed.events[1]?.data).toMatchObject({ status: 529 });
    const agent = agentName("Cut");
    const stream = gatewayAnthropic(server, key, { "X-Parley-Agent": agent }).messages.stream(ask("DROP:2"));
    await expect(stream.finalMessage()).rejects.toThrow(/lost mid-stream/);
    const { events } = await endedCall(watcher, agent);
    expect(events.at(-1)).toMatchObject({ type: "gateway.failed", data: { status: 502 } });
  });
});

describe("a watcher that never reads", () => {
  /** The caller's time to last byte for one big streamed answer. */
  async function timeToLastByte(agent: string): Promise<number> {
    const started = performance.now();
    const chunks = await collect(
      await gatewayOpenAI(server, key, { "X-Parley-Agent": agent }).chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "BIG:300x16 SLOW:3" }],
        stream: true,
      }),
    );
    expect(chunks.length).toBeGreaterThan(300);
    return performance.now() - started;
  }

  it("does not slow the caller: its time to last byte is the same with stuck watchers", async () => {
    await timeToLastByte(agentName("Warmup"));
    const alone = await timeToLastByte(agentName("Alone"));
    const before = (await server.health()).streams.cut_off_total;
    // Three watchers that open the stream and never read a byte of it.
    const stuck = await Promise.all([1, 2, 3].map(() => stuckReader(server, "/api/v1/channels/gateway/stream", watcherKey)));
    const agent = agentName("Watched");
    const watched = await timeToLastByte(agent);
    const { events } = await endedCall(watcher, agent);
    expect(events.at(-1)?.type).toBe("gateway.completed");
    // 4.8 MiB of text went to each stuck watcher: they fell behind and were cut off; the caller was not.
    await expect
      .poll(async () => (await server.health()).streams.cut_off_total, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(before + 3);
    for (const s of stuck) s.destroy();
    console.log(`time to last byte: alone ${alone.toFixed(0)} ms, with 3 stuck watchers ${watched.toFixed(0)} ms`);
    expect(watched).toBeLessThan(alone * 1.5 + 250);
  });
});
