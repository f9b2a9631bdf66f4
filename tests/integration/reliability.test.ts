// Reconnect storms, slow readers and aborted clients against a real server.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishMany, startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startServer({
    // The slow-reader test pushes ~20 MB through one key within a minute: more than a public key's 8 MiB.
    env: { PARLEY_STREAM_QUEUE_BYTES: String(512 * 1024), PARLEY_PUBLISH_BYTES_PER_MIN: String(64 * 1024 * 1024) },
  });
  key = await server.apiKey();
});
afterAll(() => server?.stop());

/** How long the server may take to notice a client went away. */
const settle = { timeout: 10_000, interval: 50 };
const subscribers = async () => (await server.health()).hub.subscribers;

describe("reliability", () => {
  it("reconnect storm: 50 clients dropping at random end with exactly the published sequence", async () => {
    const channel = "storm";
    const total = 2000;
    const published: string[] = [];
    const start = await server.stream(channel, { key }); // the cursor every client starts from
    await start.waitFor((r) => r.lastEventId !== null);
    const origin = start.lastEventId;
    start.abort();

    let random = 42;
    const rand = () => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return random / 2 ** 31;
    };

    const clients = Array.from({ length: 50 }, async () => {
      const got: string[] = [];
      let cursor = origin;
      let reconnects = 0;
      for (;;) {
        const s = await server.stream(channel, { key, lastEventId: cursor });
        const done = () => published.length === total && got.length + s.envelopes.length >= total;
        await Promise.race([s.waitFor(done, 30_000).catch(() => {}), new Promise((r) => setTimeout(r, 20 + rand() * 200))]);
        s.abort();
        got.push(...s.envelopes.map((e) => e.id));
        // A connection that ended before its first frame leaves the cursor as it was (as EventSource does).
        cursor = s.lastEventId ?? cursor;
        if (published.length === total && got.length >= total) break;
        reconnects++;
      }
      return { got, reconnects };
    });

    for (let sent = 0; sent < total; sent += 40) {
      published.push(...(await publishMany(server, channel, key, 40)));
      await new Promise((r) => setTimeout(r, 10));
    }
    const results = await Promise.all(clients);
    for (const { got } of results) expect(got).toEqual(published);
    expect(results.reduce((n, r) => n + r.reconnects, 0)).toBeGreaterThan(200);
  }, 120_000);

  it("cuts off a reader that never reads, keeps memory bounded, and others stay on time", async () => {
    const channel = "slow";
    const slow = net.connect(server.port, "127.0.0.1");
    await new Promise<void>((resolve) => slow.once("connect", () => resolve()));
    slow.write(`GET /api/v1/channels/${channel}/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`);
    slow.pause(); // never reads a byte
    await expect.poll(subscribers, settle).toBe(1);

    const fast = await server.stream(channel, { key });
    const before = await server.health();
    const latencies: number[] = [];
    fast.waitFor(() => false, 60_000).catch(() => {});
    const payload = "x".repeat(16 * 1024);
    const total = 1200; // ~20 MB: far more than the queue bound and the kernel's socket buffers
    const arrivals = new Map<string, number>();
    const watcher = setInterval(() => {
      for (const e of fast.envelopes) if (!arrivals.has(e.id)) arrivals.set(e.id, Date.now());
    }, 5);
    for (let sent = 0; sent < total; sent += 50) {
      const batchStart = Date.now();
      const ids = await publishMany(server, channel, key, 50, () => payload);
      await fast.waitFor((r) => r.envelopes.at(-1)?.id === ids.at(-1), 5000);
      latencies.push(Date.now() - batchStart);
    }
    clearInterval(watcher);
    fast.abort();

    const after = await server.health();
    expect(after.streams.cut_off_total).toBe(before.streams.cut_off_total + 1);
    expect(fast.envelopes).toHaveLength(total);
    latencies.sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length * 0.99)]).toBeLessThan(1000);
    // History (≤ 64 MiB per channel) dominates; an unbounded queue would add the whole ~20 MB again.
    expect(after.memory.rss_bytes - before.memory.rss_bytes).toBeLessThan(120 * 1024 * 1024);
    slow.destroy();
    await expect.poll(subscribers, settle).toBe(0);
  }, 120_000);

  it("after clients abort, the server holds no subscriber, stream or timer for them", async () => {
    const before = await server.health();
    const streams = await Promise.all(Array.from({ length: 20 }, (_, i) => server.stream(`leak-${i % 4}`, { key })));
    const during = await server.health();
    expect(during.streams.open).toBe(before.streams.open + 20);
    expect(during.hub.subscribers).toBe(before.hub.subscribers + 20);
    expect(during.streams.timers).toBe(before.streams.timers + 40);
    for (const s of streams) s.abort();
    await expect
      .poll(async () => {
        const h = await server.health();
        return { open: h.streams.open, subscribers: h.hub.subscribers };
      }, settle)
      .toEqual({ open: before.streams.open, subscribers: before.hub.subscribers });
    const after = await server.health();
    expect(after.streams.timers).toBe(before.streams.timers);
  });
});
