// The upstash hub against real Redis through the REST bridge: the shared Hub contract, plus what only a
// hub over Redis has — one subscription per channel however many readers, one request per publish,
// and no gap when its subscription drops.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstashHub } from "@/lib/hub/upstash";
import { collect, hubContract } from "@/tests/contracts/hub-contract";
import {
  killRedisClients,
  ROOMY_HUB_BYTES,
  redis,
  redisUnavailable,
  startBridge,
  type TestBridge,
  testPrefix,
} from "@/tests/support/redis";

const unavailable = await redisUnavailable();

let bridge: TestBridge;
const prefixes: string[] = [];

function makeHub(history = 10_000, prefix = testPrefix()) {
  prefixes.push(prefix);
  return new UpstashHub({ url: bridge.url, token: bridge.token, history, ...ROOMY_HUB_BYTES, ttlSeconds: 600, prefix });
}

if (unavailable) console.warn(`upstash hub tests skipped: ${unavailable}`);

describe.skipIf(unavailable)("Redis through the REST bridge", () => {
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(async () => {
    for (const prefix of prefixes) {
      const keys = (await redis("KEYS", `${prefix}*`)) as Buffer[];
      if (keys.length > 0) await redis("DEL", ...keys);
    }
    await bridge?.stop();
  });

  hubContract("upstash", ({ history }) => {
    const hub = makeHub(history);
    return { hub, close: () => hub.close() };
  });

  describe("upstash hub over Redis", () => {
    it("holds one Redis subscription per channel, however many local readers, and drops it with the last", async () => {
      const hub = makeHub();
      const readers = [
        ...Array.from({ length: 25 }, () => collect(hub, "ch:a")),
        ...Array.from({ length: 5 }, () => collect(hub, "ch:b")),
      ];
      await Promise.all(readers.map((r) => r.live()));
      const bounds = { maxBytes: ROOMY_HUB_BYTES.maxBytes, evictedBytes: 0 };
      expect(hub.stats()).toEqual({ kind: "upstash", channels: 2, subscribers: 30, retainedBytes: null, ...bounds });
      expect(bridge.bridge.stats()).toMatchObject({ subscribers: 2, channels: 2 });

      const before = bridge.bridge.stats();
      for (let i = 0; i < 20; i++) await hub.publish("ch:a", { type: "n", data: i });
      await Promise.all(readers.slice(0, 25).map((r) => r.until((e) => e.length === 20)));
      // Fan-out to 25 readers costs Redis nothing: one request per publish, nothing per reader.
      const after = bridge.bridge.stats();
      const requests = (s: typeof before) => s.requests.command + s.requests.pipeline + s.requests.multi_exec;
      expect(requests(after) - requests(before)).toBe(20);

      for (const r of readers) r.stop();
      expect(hub.stats()).toEqual({ kind: "upstash", channels: 0, subscribers: 0, retainedBytes: expect.any(Number), ...bounds });
      await expect.poll(() => bridge.bridge.stats().subscribers).toBe(0);
      hub.close();
    });

    it("resubscribes after its subscription drops and fills the gap: readers see every event once, in order", async () => {
      const prefix = testPrefix();
      const reading = makeHub(10_000, prefix);
      // Another instance publishes: its events reach this one only through Redis.
      const publishing = makeHub(10_000, prefix);
      const start = await publishing.publish("ch:gap", { type: "n", data: -1 });
      const readers = Array.from({ length: 10 }, () => collect(reading, "ch:gap", { after: start.id }));
      await Promise.all(readers.map((r) => r.live()));
      const subscribesBefore = bridge.bridge.stats().requests.subscribe;

      const warn = console.warn;
      console.warn = () => {};
      const published: string[] = [];
      try {
        for (let i = 0; i < 300; i++) {
          published.push((await publishing.publish("ch:gap", { type: "n", data: i })).id);
          if (i === 100 || i === 200) expect(await killRedisClients(`${bridge.clientName}:sub`)).toBe(1);
        }
        for (const r of readers) await r.until((e) => e.at(-1)?.id === published.at(-1));
      } finally {
        console.warn = warn;
      }
      for (const r of readers) expect(r.ids()).toEqual(published);
      expect(bridge.bridge.stats().requests.subscribe - subscribesBefore).toBeGreaterThanOrEqual(2);
      for (const r of readers) r.stop();
      reading.close();
      publishing.close();
    });

    it("serves head and recent replays of a live channel from memory: joining and reconnecting cost no request", async () => {
      const hub = makeHub();
      const first = collect(hub, "ch:h");
      await first.live();
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) ids.push((await hub.publish("ch:h", { type: "n", data: i })).id);
      await first.until((e) => e.length === 50);
      const before = bridge.bridge.stats().commands;
      expect(await hub.head("ch:h")).toBe(ids.at(-1));
      // Readers joining at the head, and readers coming back from a cursor a little way back.
      const next = [
        ...Array.from({ length: 20 }, () => collect(hub, "ch:h", { after: ids.at(-1) })),
        ...Array.from({ length: 20 }, (_, i) => collect(hub, "ch:h", { after: ids[i] })),
      ];
      await Promise.all(next.map((r) => r.live()));
      expect(bridge.bridge.stats().commands).toBe(before);
      for (const [i, r] of next.slice(20).entries()) expect(r.ids()).toEqual(ids.slice(i + 1));
      for (const r of [first, ...next]) r.stop();
      hub.close();
    });

    it("reads the head of a channel once for many concurrent callers", async () => {
      const hub = makeHub();
      const published = await hub.publish("ch:many", { type: "n", data: 1 });
      const before = bridge.bridge.stats().commands;
      const heads = await Promise.all(Array.from({ length: 50 }, () => hub.head("ch:many")));
      expect(new Set(heads)).toEqual(new Set([published.id]));
      expect(bridge.bridge.stats().commands - before).toBe(1);
      hub.close();
    });

    it("stores each event once in the channel's Redis stream, under the hub's prefix", async () => {
      const prefix = testPrefix();
      const hub = makeHub(10_000, prefix);
      const e = await hub.publish("ch:stored", { type: "ingest.done", data: { ok: true } });
      const entries = (await redis("XRANGE", `${prefix}{ch:stored}`, "-", "+")) as [Buffer, Buffer[]][];
      expect(entries.map(([id, fields]) => [String(id), fields.map(String)])).toEqual([
        [e.id, ["type", "ingest.done", "data", '{"ok":true}']],
      ]);
      const ttl = (await redis("TTL", `${prefix}{ch:stored}`)) as number;
      expect(ttl).toBeGreaterThan(500);
      expect(ttl).toBeLessThanOrEqual(600);
      expect(new Date(e.ts).getTime()).toBe(Number(e.id.split("-")[0]));
      hub.close();
    });
  });
});
