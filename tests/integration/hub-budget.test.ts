// Finding 1 of issue 19, on a real server: one key publishing 100 events of 60 KB per request to 30 channels
// took the memory hub's heap past 4 GB and the server died (`JavaScript heap out of memory`). With default hub
// settings and a modest heap, the same flood must leave the server up, answering, its hub within its budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";

const METRICS_TOKEN = "metrics-token-for-the-hub-budget-test";
/** The heap the server gets: far below what the flood would take unbounded, well above the hub's default budget. */
const HEAP_MB = 384;
const CHANNELS = 30;
const ROUNDS = 2;
const EVENTS_PER_REQUEST = 100;
const EVENT_BYTES = 60_000;

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    nodeArgs: [`--max-old-space-size=${HEAP_MB}`],
    // Only the hub's own bound is under test: request-rate limits are raised out of the way, and the run
    // sweeper is off — on a database shared with other test files it would pick up their lost runs and
    // publish on their channels, which this test counts.
    env: { PARLEY_METRICS_TOKEN: METRICS_TOKEN, PARLEY_RATE_LIMIT_SCALE: "1000", PARLEY_SWEEPER: "off" },
  });
});
afterAll(async () => {
  await server?.stop();
});

async function metrics(): Promise<Map<string, number>> {
  const res = await fetch(`${server.url}/api/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    const match = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

interface Published {
  events: { id: string }[];
  last_event_id: string;
}

describe("the memory hub under a publishing flood", () => {
  it("stays up and within its budget while one key publishes 100 × 60 KB events per request to 30 channels", async () => {
    const key = await server.apiKey();
    const body = JSON.stringify({
      events: Array.from({ length: EVENTS_PER_REQUEST }, (_, n) => ({
        type: "flood.chunk",
        data: { n, pad: "x".repeat(EVENT_BYTES) },
      })),
    });
    const statuses: number[] = [];
    const firstIds = new Map<string, string>();
    const lastIds = new Map<string, string>();
    // Three requests in flight at a time, 60 in all: 360 MB of event JSON.
    const queue = Array.from({ length: CHANNELS * ROUNDS }, (_, i) => `flood-${i % CHANNELS}`);
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let channel = queue.shift(); channel; channel = queue.shift()) {
          const res = await server.publish(channel, body, key).catch(() => null);
          statuses.push(res?.status ?? 0);
          if (!res) return; // the server is gone
          if (res.status !== 201) continue;
          const { events, last_event_id } = (await res.json()) as Published;
          if (!firstIds.has(channel)) firstIds.set(channel, events[0]!.id);
          lastIds.set(channel, last_event_id);
        }
      }),
    );
    const lastWords = () => server.logs.join("").slice(-1500);
    expect(statuses, lastWords()).toEqual(Array(CHANNELS * ROUNDS).fill(201));
    expect(server.process.exitCode, lastWords()).toBeNull();

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const m = await metrics();
    const budget = m.get("parley_hub_max_bytes")!;
    expect(budget).toBe(128 * 1024 * 1024);
    expect(m.get("parley_hub_retained_bytes")).toBeGreaterThan(budget / 2);
    expect(m.get("parley_hub_retained_bytes")).toBeLessThanOrEqual(budget);
    expect(m.get("parley_hub_evicted_bytes_total")).toBeGreaterThan(0);
    expect(m.get("parley_hub_channels")).toBe(CHANNELS);
    console.log(
      `hub-budget: heap used ${Math.round(m.get("nodejs_heap_size_used_bytes")! / 2 ** 20)} MiB of ${HEAP_MB}, hub retains ${Math.round(m.get("parley_hub_retained_bytes")! / 2 ** 20)} MiB (estimated)`,
    );

    // A reader whose cursor was dropped is told so once, with the cursor to go on from, then gets what comes.
    const channel = `flood-${CHANNELS - 1}`;
    const reader = await server.stream(channel, { key, lastEventId: firstIds.get(channel)! });
    await reader.waitFor((r) => r.envelopes.length === 1);
    const last = lastIds.get(channel);
    expect(reader.envelopes[0]).toMatchObject({ type: "stream.reset", id: last, data: { cursor: last } });
    const more = await server.publish(channel, { type: "flood.after", data: {} }, key);
    expect(more.status).toBe(201);
    await reader.waitFor((r) => r.envelopes.length === 2);
    expect(reader.envelopes[1]).toMatchObject({ type: "flood.after" });
    reader.abort();
  });
});
