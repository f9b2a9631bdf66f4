// Observability on a real server: a demo run's trace and the stream metrics arrive at an OTLP/HTTP
// receiver (JSON), and GET /api/metrics answers Prometheus text to its token holders only.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mintAdminToken } from "@/lib/auth/tokens";
import { latest, type OtlpReceiver, startOtlpReceiver } from "@/tests/support/otlp-receiver";
import { startRun, watchToEnd } from "@/tests/support/run-client";
import { startServer, TEST_SECRET, type TestServer } from "@/tests/support/server";

const METRICS_TOKEN = "metrics-token-for-the-telemetry-test";
let receiver: OtlpReceiver;
let server: TestServer;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  server = await startServer({
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_METRIC_EXPORT_INTERVAL: "300",
      OTEL_BSP_SCHEDULE_DELAY: "100",
      PARLEY_METRICS_TOKEN: METRICS_TOKEN,
      PARLEY_DEMO_TOKEN_MS: "2",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

/** What the exporter sends comes on its own schedule: poll for it (no fixed sleep: the assertion ends the wait). */
const EXPORTED = { timeout: 20_000, interval: 50 };

const scrape = (token?: string) =>
  fetch(`${server.url}/api/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

/** One sample of a Prometheus text exposition, e.g. sample(text, 'parley_streams_open{kind="channel"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("a run's trace over OTLP", () => {
  it("is one trace: a root span for the run and a span per agent turn in the GenAI conventions", async () => {
    const run = await startRun(server, { task: "Write a haiku about latency", strategy: "pipeline" });
    const events = await watchToEnd(server, run.run_id);
    expect(events.at(-1)?.type).toBe("run.completed");
    const turns = events.filter((e) => e.type === "agent.turn_completed").map((e) => e.data as Record<string, unknown>);
    expect(turns.length).toBeGreaterThan(1);

    const turnSpans = () =>
      receiver.spans.filter((s) => s.attributes["parley.run.id"] === run.run_id && s.attributes["parley.turn.id"]);
    await vi.waitFor(() => expect(turnSpans(), "a span for every turn").toHaveLength(turns.length), EXPORTED);
    await vi.waitFor(() => {
      const runSpan = receiver.spans.some((s) => s.name.startsWith("run ") && s.attributes["parley.run.id"] === run.run_id);
      expect(runSpan, "the run span").toBe(true);
    }, EXPORTED);
    const root = receiver.spans.find((s) => s.name.startsWith("run ") && s.attributes["parley.run.id"] === run.run_id)!;
    expect(root.parentSpanId || undefined).toBeUndefined();

    for (const turn of turns) {
      const span = turnSpans().find((s) => s.attributes["parley.turn.id"] === turn.turn_id);
      expect(span, `span of ${turn.turn_id}`).toBeDefined();
      expect(span!.traceId).toBe(root.traceId);
      expect(span!.parentSpanId).toBe(root.spanId);
      const [provider, ...model] = String(turn.model).split(":");
      expect(span!.attributes).toMatchObject({
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": turn.agent,
        "gen_ai.provider.name": provider,
        "gen_ai.request.model": model.length ? model.join(":") : provider,
        "gen_ai.usage.input_tokens": turn.input_tokens,
        "gen_ai.usage.output_tokens": turn.output_tokens,
      });
    }
    // The AI SDK's own model-call spans sit inside the turns.
    const turnIds = new Set(turnSpans().map((s) => s.spanId));
    await vi.waitFor(() => {
      const modelSpans = receiver.spans.some((s) => s.name.startsWith("ai.streamText") && turnIds.has(s.parentSpanId ?? ""));
      expect(modelSpans, "model spans").toBe(true);
    }, EXPORTED);
  });
});

describe("stream metrics", () => {
  it("move as a stream opens, receives and closes — over OTLP, on /api/metrics and /api/health", async () => {
    const key = await server.apiKey();
    const open = () => latest(receiver.points, "parley.streams.open", { "parley.stream.kind": "channel" }) ?? 0;
    const delivered = () => latest(receiver.points, "parley.stream.events_delivered", { "parley.stream.kind": "channel" }) ?? 0;
    const deliveredBefore = delivered();

    const stream = await server.stream("telemetry", { key });
    await vi.waitFor(() => expect(open(), "one open channel stream over OTLP").toBe(1), EXPORTED);
    const health = await server.health();
    expect((health.streams as unknown as { open_by_kind: Record<string, number> }).open_by_kind.channel).toBe(1);
    expect(sample(await (await scrape(METRICS_TOKEN)).text(), 'parley_streams_open{kind="channel"}')).toBe(1);

    for (let i = 0; i < 3; i++)
      expect((await server.publish("telemetry", { type: "t.tick", data: { i } }, key)).status).toBe(201);
    await stream.waitFor((r) => r.envelopes.length === 3);
    await vi.waitFor(() => expect(delivered(), "three deliveries over OTLP").toBe(deliveredBefore + 3), EXPORTED);
    await vi.waitFor(() => {
      const lag = latest(receiver.points, "parley.stream.delivery_lag", { "parley.stream.kind": "channel" }) ?? 0;
      expect(lag, "the delivery lag histogram").toBeGreaterThan(0);
    }, EXPORTED);
    const text = await (await scrape(METRICS_TOKEN)).text();
    expect(sample(text, 'parley_events_delivered_total{kind="channel"}')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'parley_stream_delivery_lag_seconds_count{kind="channel"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'parley_hub_publish_duration_seconds_count{hub="memory"}')).toBeGreaterThanOrEqual(3);

    stream.abort();
    await vi.waitFor(() => expect(open(), "no open channel stream over OTLP").toBe(0), EXPORTED);
    expect(sample(await (await scrape(METRICS_TOKEN)).text(), 'parley_streams_open{kind="channel"}')).toBe(0);
  });
});

describe("GET /api/metrics", () => {
  it("answers Prometheus text to the metrics token and to an admin token", async () => {
    for (const token of [METRICS_TOKEN, mintAdminToken(TEST_SECRET).token]) {
      const res = await scrape(token);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toMatch(/^# HELP parley_streams_open /m);
      expect(text).toMatch(/^# TYPE parley_stream_delivery_lag_seconds histogram$/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    }
  });

  it("refuses without its token, or with a wrong one, in the JSON error shape", async () => {
    for (const res of [await scrape(), await scrape("not-the-metrics-token-at-all")]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized", message: expect.any(String) } });
    }
  });
});

describe("GET /api/health", () => {
  const health = (token?: string) =>
    fetch(`${server.url}/api/health`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it("tells anyone only whether the server is up: no memory, streams, caps, hub or uptime", async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("shows the details to the metrics token and to an admin token, and refuses a wrong token", async () => {
    for (const token of [METRICS_TOKEN, mintAdminToken(TEST_SECRET).token]) {
      const res = await health(token);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        status: "ok",
        database: { ok: true },
        hub: { ok: true, channels: expect.any(Number) },
        streams: { open: expect.any(Number), caps: { per_address: expect.any(Number) } },
        memory: { rss_bytes: expect.any(Number) },
        uptime_s: expect.any(Number),
      });
    }
    const wrong = await health("not-the-metrics-token-at-all");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});

describe("the bench's floor fixture", () => {
  it("is no endpoint unless PARLEY_BENCH_FLOOR enables it", async () => {
    for (const [method, op] of [
      ["GET", "stream"],
      ["GET", "health"],
      ["POST", "publish"],
    ] as const) {
      const res = await fetch(`${server.url}/api/bench-floor/${op}`, { method, body: method === "POST" ? "{}" : undefined });
      expect(res.status, `${method} ${op}`).toBe(404);
    }
  });
});

describe("the bench's peer fixtures", () => {
  it("are no endpoint unless PARLEY_BENCH_FLOOR enables them", async () => {
    for (const [method, path] of [
      ["GET", "resumable-stream/stream"],
      ["GET", "resumable-stream/health"],
      ["POST", "resumable-stream/start"],
      ["POST", "resumable-stream/publish"],
      ["GET", "upstash-realtime/stream?channel=bench"],
      ["GET", "upstash-realtime/health"],
      ["POST", "upstash-realtime/publish?channel=bench"],
    ] as const) {
      const body = method === "POST" ? JSON.stringify({ type: "bench.tick", data: { seq: 0, sent_at: 0 } }) : undefined;
      const res = await fetch(`${server.url}/api/bench-peer/${path}`, { method, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });
});
