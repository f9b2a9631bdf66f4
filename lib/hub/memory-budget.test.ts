// The memory hub's budget: what every channel retains together stays within it however many channels are
// written to, unwatched channels give up their history first (least recently active first), watched ones
// last, and every reader whose cursor went with the history is reset exactly once, exactly where to go on.
import { describe, expect, it } from "vitest";
import { compareCursors, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { envelopeJson } from "@/lib/events/sse";
import { MemoryHub } from "./memory";
import { CHANNEL_COST, eventCost } from "./memory-channel";

const KB = 1024;
/** An event whose envelope JSON is a little over `bytes` long. */
const sized = (bytes: number, n = 0) => ({ type: "load.chunk", data: { n, pad: "x".repeat(bytes) } });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function makeHub(maxBytes: number, historyBytes = maxBytes / 4) {
  const c = clock();
  const hub = new MemoryHub({ history: 10_000, historyBytes, maxBytes, idleMs: 24 * 3600_000, now: c.now });
  return { hub, tick: () => c.advance(1) };
}

/** What the channels hold, costed independently of the hub's own count (their events, read back, and themselves). */
async function heldBy(hub: MemoryHub, names: string[]): Promise<number> {
  let bytes = hub.stats().channels * CHANNEL_COST;
  for (const name of names) {
    for (const event of await hub.read(name, { limit: 1_000_000 })) bytes += eventCost(envelopeJson(event));
  }
  return bytes;
}

function collect(hub: MemoryHub, channel: string, after?: string) {
  const events: Envelope[] = [];
  const stop = hub.subscribe(channel, after === undefined ? {} : { after }, (e) => events.push(e));
  return { events, stop, ids: () => events.map((e) => e.id), types: () => events.map((e) => e.type) };
}

describe("MemoryHub: one budget for every channel", () => {
  it("keeps what 30 channels flooded with large events retain within the budget, and counts it exactly", async () => {
    // The finding, scaled down: 100 events of 60 KB per request to 30 channels, again and again.
    const { hub, tick } = makeHub(4 * 1024 * KB, 1024 * KB);
    const names = Array.from({ length: 30 }, (_, i) => `ch:flood-${i}`);
    for (let round = 0; round < 3; round++) {
      for (const name of names) {
        await hub.publishBatch(
          name,
          Array.from({ length: 20 }, (_, i) => sized(60 * KB, i)),
        );
        tick();
        expect(hub.stats().retainedBytes).toBeLessThanOrEqual(4 * 1024 * KB);
      }
    }
    const stats = hub.stats();
    expect(stats).toMatchObject({ kind: "memory", channels: 30, maxBytes: 4 * 1024 * KB });
    expect(await heldBy(hub, names)).toBe(stats.retainedBytes);
    expect(stats.evictedBytes).toBeGreaterThan(0);
    // The channel written last still holds its newest events.
    expect((await hub.read(names.at(-1)!, { limit: 100 })).length).toBeGreaterThan(0);
  });

  it("empties the least recently active unwatched channels first and keeps a watched one whole", async () => {
    const { hub, tick } = makeHub(1024 * KB);
    const watched = collect(hub, "ch:watched");
    const kept = [];
    for (let i = 0; i < 5; i++) kept.push(await hub.publish("ch:watched", sized(10 * KB, i)));
    tick();
    for (const name of ["ch:a", "ch:b", "ch:c"]) {
      await hub.publishBatch(name, [sized(10 * KB), sized(10 * KB)]);
      tick();
    }
    await hub.publish("ch:a", sized(10 * KB)); // a is now more recent than b and c
    tick();
    const heads = { b: await hub.head("ch:b"), c: await hub.head("ch:c") };
    // Fill the rest of the budget from new channels until something has to give.
    let n = 0;
    while ((await hub.read("ch:b", { limit: 10 })).length > 0) {
      await hub.publish(`ch:filler-${n++}`, sized(10 * KB));
      tick();
      expect(n, "the budget made room").toBeLessThan(1000);
    }
    expect(await hub.read("ch:a", { limit: 10 })).toHaveLength(3);
    expect(await hub.read("ch:watched", { limit: 10 })).toEqual(kept);
    expect(watched.ids()).toEqual(kept.map((e) => e.id));
    // An emptied channel keeps its cursor.
    expect(await hub.head("ch:b")).toBe(heads.b);

    // Keep going: c goes before a (published to after it); the watched channel never goes.
    while ((await hub.read("ch:c", { limit: 10 })).length > 0) {
      expect(await hub.read("ch:a", { limit: 10 }), "a kept while c has history").toHaveLength(3);
      expect(n).toBeLessThan(1000);
      await hub.publish(`ch:filler-${n++}`, sized(10 * KB));
      tick();
    }
    expect(await hub.head("ch:c")).toBe(heads.c);
    expect(await hub.read("ch:watched", { limit: 10 })).toEqual(kept);
    expect(hub.stats().retainedBytes).toBeLessThanOrEqual(1024 * KB);
  });

  it("resets a reader whose cursor was evicted exactly once, at the channel's last cursor; one at that cursor goes on", async () => {
    const { hub, tick } = makeHub(512 * KB);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await hub.publish("ch:gone", sized(8 * KB, i))).id);
    tick();
    for (let n = 0; (await hub.read("ch:gone", { limit: 1 })).length > 0; n++) {
      expect(n, "the budget made room").toBeLessThan(1000);
      await hub.publish(`ch:pressure-${n}`, sized(8 * KB));
      tick();
    }
    const behind = collect(hub, "ch:gone", ids[1]);
    const atLast = collect(hub, "ch:gone", ids[4]);
    const fromOrigin = collect(hub, "ch:gone", ORIGIN);
    expect(behind.events).toMatchObject([
      { type: "stream.reset", id: ids[4], data: { cursor: ids[4], reason: "cursor is older than retained history" } },
    ]);
    expect(fromOrigin.events).toMatchObject([{ type: "stream.reset", id: ids[4] }]);
    expect(atLast.events).toEqual([]);

    const next = await hub.publish("ch:gone", sized(8 * KB, 5));
    expect(behind.ids()).toEqual([ids[4], next.id]);
    expect(atLast.ids()).toEqual([next.id]);
    expect(fromOrigin.ids()).toEqual([ids[4], next.id]);
    expect(compareCursors(next.id, ids[4]!)).toBeGreaterThan(0);
  });

  it("when only watched channels hold history, the largest gives up its oldest events: no gap, no duplicate for anyone", async () => {
    const { hub, tick } = makeHub(512 * KB);
    const bigLive = collect(hub, "ch:big");
    const smallLive = collect(hub, "ch:small");
    const big: string[] = [];
    const small: string[] = [];
    for (let i = 0; i < 200; i++) {
      big.push((await hub.publish("ch:big", sized(2 * KB, i))).id);
      if (i % 10 === 0) small.push((await hub.publish("ch:small", sized(KB, i))).id);
      tick();
      expect(hub.stats().retainedBytes).toBeLessThanOrEqual(512 * KB);
    }
    // Live readers got everything, in order, once.
    expect(bigLive.ids()).toEqual(big);
    expect(smallLive.ids()).toEqual(small);
    // The small channel kept all its history; the big one its newest events, contiguous up to its head.
    expect((await hub.read("ch:small", { limit: 1000 })).map((e) => e.id)).toEqual(small);
    const retained = (await hub.read("ch:big", { limit: 1000 })).map((e) => e.id);
    expect(retained.length).toBeGreaterThan(10);
    expect(retained.length).toBeLessThan(200);
    expect(retained).toEqual(big.slice(200 - retained.length));
    // A reader at the last dropped cursor misses nothing; one before it is reset to the head, once.
    const boundary = collect(hub, "ch:big", big[200 - retained.length - 1]);
    expect(boundary.ids()).toEqual(retained);
    const behind = collect(hub, "ch:big", big[0]);
    expect(behind.events).toMatchObject([{ type: "stream.reset", id: big.at(-1) }]);
  });

  it("forgets unwatched channels altogether when even their cursors do not fit; their readers reset as from another epoch", async () => {
    const { hub, tick } = makeHub(64 * KB);
    const first = await hub.publish("ch:one-0", { type: "tiny", data: 0 });
    tick();
    for (let i = 1; i < 500; i++) {
      await hub.publish(`ch:one-${i}`, { type: "tiny", data: i });
      tick();
      expect(hub.stats().retainedBytes).toBeLessThanOrEqual(64 * KB);
    }
    expect(hub.stats().channels).toBeLessThanOrEqual((64 * KB) / CHANNEL_COST);
    expect(await hub.head("ch:one-0")).toBeNull();
    expect(await hub.head("ch:one-499")).not.toBeNull();
    const reader = collect(hub, "ch:one-0", first.id);
    expect(reader.events).toMatchObject([{ type: "stream.reset", id: ORIGIN }]);
    expect(String((reader.events[0]!.data as { reason: string }).reason)).toMatch(/another epoch/);
  });
});
