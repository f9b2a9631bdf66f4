import { describe, expect, it } from "vitest";
import { compareCursors, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { hubContract } from "@/tests/contracts/hub-contract";
import { MemoryHub } from "./memory";

const options = { history: 100, historyBytes: 1024 * 1024, maxBytes: 64 * 1024 * 1024, idleMs: 60_000 };

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const types = (events: Envelope[]) => events.map((e) => e.type);

describe("MemoryHub", () => {
  it("assigns strictly increasing cursors and keeps history in order", async () => {
    const c = clock();
    const hub = new MemoryHub({ ...options, now: c.now });
    const a = await hub.publish("ch:x", { type: "e.a", data: 1 });
    const b = await hub.publish("ch:x", { type: "e.b", data: 2 });
    c.advance(5);
    const [d, e] = await hub.publishBatch("ch:x", [
      { type: "e.d", data: 3 },
      { type: "e.e", data: 4 },
    ]);
    const ids = [a, b, d, e].map((x) => x!.id);
    expect(ids).toEqual(["1000000-0", "1000000-1", "1000005-0", "1000005-1"]);
    expect(types(await hub.read("ch:x", { limit: 10 }))).toEqual(["e.a", "e.b", "e.d", "e.e"]);
    expect(types(await hub.read("ch:x", { after: b.id, limit: 10 }))).toEqual(["e.d", "e.e"]);
    expect(types(await hub.read("ch:x", { after: b.id, limit: 1 }))).toEqual(["e.d"]);
    expect(await hub.head("ch:x")).toBe(e!.id);
    expect(await hub.head("ch:other")).toBeNull();
  });

  it("replays then goes live with no gap and no duplicate, from any cursor", async () => {
    const c = clock();
    const hub = new MemoryHub({ ...options, history: 1000, now: c.now });
    const published: string[] = [];
    const readers: { from: string; got: string[] }[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 7 === 0) c.advance(1);
      published.push((await hub.publish("ch:x", { type: "n", data: i })).id);
      if (i % 37 === 5) {
        // A reader joins mid-stream from some earlier cursor it had seen.
        const from = published[Math.floor(i / 2)]!;
        const got: string[] = [];
        hub.subscribe("ch:x", { after: from }, (e) => got.push(e.id));
        readers.push({ from, got });
      }
    }
    expect(readers.length).toBeGreaterThan(5);
    for (const { from, got } of readers) {
      expect(got).toEqual(published.filter((id) => compareCursors(id, from) > 0));
    }
  });

  it("delivers live only when no cursor is given", async () => {
    const hub = new MemoryHub(options);
    await hub.publish("ch:x", { type: "old", data: null });
    const got: Envelope[] = [];
    hub.subscribe("ch:x", {}, (e) => got.push(e));
    await hub.publish("ch:x", { type: "new", data: null });
    expect(types(got)).toEqual(["new"]);
  });

  it("bounds history by count and by bytes, and resets readers behind it", async () => {
    const hub = new MemoryHub({ ...options, history: 10, historyBytes: 10_000 });
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await hub.publish("ch:x", { type: "n", data: i })).id);
    const kept = await hub.read("ch:x", { limit: 100 });
    expect(kept.map((e) => e.data)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);

    // A reader that saw event 14 has missed nothing: the next retained is 15.
    const fine: Envelope[] = [];
    hub.subscribe("ch:x", { after: ids[14] }, (e) => fine.push(e));
    expect(fine.map((e) => e.data)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);

    // A reader that saw only event 3 has missed 4..14: it is told to refetch, then continues live.
    const behind: Envelope[] = [];
    hub.subscribe("ch:x", { after: ids[3] }, (e) => behind.push(e));
    expect(types(behind)).toEqual(["stream.reset"]);
    expect(behind[0]!.id).toBe(ids[24]);
    await hub.publish("ch:x", { type: "n", data: 25 });
    expect(behind.map((e) => e.data)).toEqual([{ reason: "cursor is older than retained history", cursor: ids[24] }, 25]);

    const big = new MemoryHub({ ...options, history: 1000, historyBytes: 8_000 });
    for (let i = 0; i < 20; i++) await big.publish("ch:y", { type: "n", data: "x".repeat(300) });
    const retained = await big.read("ch:y", { limit: 1000 });
    expect(retained.length).toBeGreaterThan(2);
    expect(retained.length).toBeLessThan(7);
  });

  it("resets cursors from another epoch: ahead of the channel, or from before it existed here", async () => {
    const c = clock(5_000);
    const hub = new MemoryHub({ ...options, now: c.now });
    const seen: Envelope[] = [];
    hub.subscribe("ch:new", { after: "4000-0" }, (e) => seen.push(e)); // from a previous server process
    hub.subscribe("ch:new", { after: "6000-0" }, (e) => seen.push(e)); // from a future that never happened here
    expect(types(seen)).toEqual(["stream.reset", "stream.reset"]);
    expect(seen.every((e) => e.id === ORIGIN)).toBe(true);

    await hub.publish("ch:new", { type: "n", data: 1 });
    const ahead: Envelope[] = [];
    hub.subscribe("ch:new", { after: "9000-0" }, (e) => ahead.push(e));
    expect(types(ahead)).toEqual(["stream.reset"]);

    const origin: Envelope[] = [];
    hub.subscribe("ch:new", { after: ORIGIN }, (e) => origin.push(e));
    expect(types(origin)).toEqual(["n"]);
  });

  it("keeps delivering to others when one listener throws, and forgets unsubscribed ones", async () => {
    const hub = new MemoryHub(options);
    const got: number[] = [];
    const error = console.error;
    console.error = () => {};
    try {
      hub.subscribe("ch:x", {}, () => {
        throw new Error("broken reader");
      });
      const off = hub.subscribe("ch:x", {}, (e) => got.push(e.data as number));
      await hub.publish("ch:x", { type: "n", data: 1 });
      off();
      await hub.publish("ch:x", { type: "n", data: 2 });
    } finally {
      console.error = error;
    }
    expect(got).toEqual([1]);
    expect(hub.stats()).toMatchObject({ kind: "memory", channels: 1, subscribers: 1 });
  });

  it("forgets idle channels nobody watches", async () => {
    const c = clock();
    const hub = new MemoryHub({ ...options, idleMs: 1000, now: c.now });
    await hub.publish("ch:idle", { type: "n", data: 1 });
    await hub.publish("ch:watched", { type: "n", data: 1 });
    hub.subscribe("ch:watched", {}, () => {});
    c.advance(2000);
    hub.sweep();
    expect(await hub.head("ch:idle")).toBeNull();
    expect(await hub.head("ch:watched")).not.toBeNull();
  });
});

hubContract("memory", ({ history }) => ({
  hub: new MemoryHub({ history, historyBytes: 64 * 1024 * 1024, maxBytes: 256 * 1024 * 1024, idleMs: 60_000 }),
}));

describe("MemoryHub: an event that cannot be serialised", () => {
  it("is refused before it enters history, so replays stay readable", async () => {
    const hub = new MemoryHub(options);
    const ok = await hub.publish("ch:p", { type: "a.ok", data: 1 });
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    await expect(
      hub.publishBatch("ch:p", [
        { type: "a.fine", data: 2 },
        { type: "a.deep", data: deep },
      ]),
    ).rejects.toThrow(RangeError);
    await expect(hub.publish("ch:p", { type: "a.big", data: 10n })).rejects.toThrow(TypeError);
    const replay = await hub.read("ch:p", { after: ORIGIN, limit: 10 });
    expect(replay.map((e) => e.type)).toEqual(["a.ok"]);
    expect(await hub.head("ch:p")).toBe(ok.id);
    const next = await hub.publish("ch:p", { type: "a.next", data: 3 });
    expect(compareCursors(next.id, ok.id)).toBeGreaterThan(0);
  });
});
