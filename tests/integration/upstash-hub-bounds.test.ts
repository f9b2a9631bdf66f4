// The upstash hub's bounds against real Redis through the REST bridge: a channel's stream holds at most its
// bytes, every channel together at most the hub's, the least recently active channels give way first, and a
// reader whose cursor went with the history is reset exactly once, to where it can go on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareCursors, ORIGIN } from "@/lib/events/cursor";
import { UpstashHub } from "@/lib/hub/upstash";
import { collect } from "@/tests/contracts/hub-contract";
import { redis, redisUnavailable, startBridge, type TestBridge, testPrefix } from "@/tests/support/redis";

const unavailable = await redisUnavailable();
if (unavailable) console.warn(`upstash hub bounds tests skipped: ${unavailable}`);

const KB = 1024;
/** What the hub counts for an event and for a channel (see LUA_PUBLISH_FUNCTIONS). */
const ENTRY_COST = 64;
const CHANNEL_COST = 512;

let bridge: TestBridge;
const prefixes: string[] = [];

function makeHub(bounds: { historyBytes: number; maxBytes: number; prefix?: string }) {
  const prefix = bounds.prefix ?? testPrefix();
  prefixes.push(prefix);
  const hub = new UpstashHub({ url: bridge.url, token: bridge.token, history: 10_000, ttlSeconds: 600, ...bounds, prefix });
  return { hub, prefix, stream: (channel: string) => `${prefix}{${channel}}` };
}

const event = (bytes: number, n = 0) => ({ type: "load.chunk", data: { n, pad: "x".repeat(bytes) } });

type Entry = [Buffer, Buffer[]];
/** What a stream holds, read from Redis itself: its ids and what the hub counts for its entries. */
async function held(key: string): Promise<{ ids: string[]; bytes: number }> {
  const entries = (await redis("XRANGE", key, "-", "+")) as Entry[];
  let bytes = 0;
  for (const [, fields] of entries) bytes += ENTRY_COST + fields[1]!.length + fields[3]!.length;
  return { ids: entries.map(([id]) => String(id)), bytes };
}

async function trimmedThrough(key: string): Promise<string | null> {
  const value = await redis("GET", `${key}:trimmed`);
  return value === null ? null : String(value);
}

describe.skipIf(unavailable)("upstash hub bounds, on Redis through the REST bridge", () => {
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

  it("trims a channel's stream by bytes, recording what it trimmed: readers behind reset once, readers at the boundary miss nothing", async () => {
    const { hub, stream } = makeHub({ historyBytes: 64 * KB, maxBytes: 1024 * KB });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const batch = await hub.publishBatch(
        "ch:capped",
        Array.from({ length: 5 }, (_, j) => event(3 * KB, i * 5 + j)),
      );
      ids.push(...batch.map((e) => e.id));
      expect((await held(stream("ch:capped"))).bytes).toBeLessThanOrEqual(64 * KB);
    }
    const kept = await held(stream("ch:capped"));
    expect(kept.ids.length).toBeGreaterThan(10);
    expect(kept.ids).toEqual(ids.slice(ids.length - kept.ids.length));
    const boundary = ids[ids.length - kept.ids.length - 1]!;
    expect(await trimmedThrough(stream("ch:capped"))).toBe(boundary);

    const atBoundary = collect(hub, "ch:capped", { after: boundary });
    const behind = collect(hub, "ch:capped", { after: ids[3] });
    await Promise.all([atBoundary.live(), behind.live()]);
    expect(atBoundary.ids()).toEqual(kept.ids);
    expect(behind.events).toMatchObject([{ type: "stream.reset", id: ids.at(-1), data: { cursor: ids.at(-1) } }]);
    const next = await hub.publish("ch:capped", event(3 * KB, 50));
    await behind.until((e) => e.length === 2);
    expect(behind.ids()).toEqual([ids.at(-1), next.id]);
    for (const r of [atBoundary, behind]) r.stop();
    hub.close();
  });

  it("keeps every channel together within the hub's bytes, emptying the least recently active first, and counts exactly", async () => {
    const { hub, prefix, stream } = makeHub({ historyBytes: 64 * KB, maxBytes: 256 * KB });
    const names = Array.from({ length: 12 }, (_, i) => `ch:many-${i}`);
    const last = new Map<string, string>();
    for (const name of names) {
      const batch = await hub.publishBatch(
        name,
        Array.from({ length: 6 }, (_, j) => event(7 * KB, j)),
      );
      last.set(name, batch.at(-1)!.id);
      expect(hub.stats().retainedBytes).toBeLessThanOrEqual(256 * KB);
    }
    // What Redis holds, counted from the streams themselves, is what the hub says, and within the budget.
    let total = 0;
    const emptied: string[] = [];
    for (const name of names) {
      const { ids, bytes } = await held(stream(name));
      if (ids.length === 0 && (await redis("EXISTS", stream(name))) === 1) emptied.push(name);
      if ((await redis("EXISTS", stream(name))) === 1) total += CHANNEL_COST + bytes;
    }
    expect(total).toBeLessThanOrEqual(256 * KB);
    expect(Number(await redis("GET", `${prefix}hub:total`))).toBe(total);
    expect(hub.stats()).toMatchObject({ retainedBytes: total, maxBytes: 256 * KB });
    expect(hub.stats().evictedBytes).toBeGreaterThan(0);
    // The first channels written went first; the last ones kept their history.
    expect(emptied.length).toBeGreaterThan(0);
    expect(emptied).toEqual(names.slice(0, emptied.length));
    expect((await held(stream(names.at(-1)!))).ids).toHaveLength(6);

    // An emptied channel keeps its last cursor: a reader there goes on, one behind it is reset to it, once.
    const gone = emptied[0]!;
    expect(await hub.head(gone)).toBe(last.get(gone));
    const atLast = collect(hub, gone, { after: last.get(gone) });
    const behind = collect(hub, gone, { after: ORIGIN });
    await Promise.all([atLast.live(), behind.live()]);
    expect(atLast.events).toEqual([]);
    expect(behind.events).toMatchObject([{ type: "stream.reset", id: last.get(gone) }]);
    const next = await hub.publish(gone, event(KB));
    expect(compareCursors(next.id, last.get(gone)!)).toBeGreaterThan(0);
    await Promise.all([atLast.until((e) => e.length === 1), behind.until((e) => e.length === 2)]);
    expect(atLast.ids()).toEqual([next.id]);
    expect(behind.ids()).toEqual([last.get(gone), next.id]);
    for (const r of [atLast, behind]) r.stop();
    hub.close();
  });

  it("forgets emptied channels when even their cursors do not fit, and takes expired streams off the accounts", async () => {
    const { hub, prefix, stream } = makeHub({ historyBytes: 64 * KB, maxBytes: 64 * KB });
    for (let i = 0; i < 300; i++) await hub.publish(`ch:tiny-${i}`, { type: "tiny", data: i });
    const channels = Number(await redis("ZCARD", `${prefix}hub:active`)) + Number(await redis("ZCARD", `${prefix}hub:emptied`));
    expect(channels).toBeLessThanOrEqual((64 * KB) / CHANNEL_COST);
    expect(await redis("EXISTS", stream("ch:tiny-0"))).toBe(0);
    expect(hub.stats().retainedBytes).toBeLessThanOrEqual(64 * KB);

    // A stream that expired (here: deleted, its activity dated a day back) is no longer counted.
    const before = Number(await redis("GET", `${prefix}hub:total`));
    const expired = stream("ch:tiny-299");
    const expiredSize = Number(await redis("HGET", `${prefix}hub:sizes`, expired));
    expect(expiredSize).toBeGreaterThan(CHANNEL_COST);
    await redis("DEL", expired);
    await redis("ZADD", `${prefix}hub:active`, "1", expired);
    const another = await hub.publish("ch:tiny-298", { type: "tiny", data: "again" });
    const added = ENTRY_COST + "tiny".length + JSON.stringify("again").length;
    expect(Number(await redis("GET", `${prefix}hub:total`))).toBe(before - expiredSize + added);
    expect(await redis("HEXISTS", `${prefix}hub:sizes`, expired)).toBe(0);
    expect(another.type).toBe("tiny");
    hub.close();
  });
});
