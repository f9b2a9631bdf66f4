// The Hub contract as a test suite, run against every implementation (memory in the unit tier, upstash
// against real Redis through the bridge in the integration tier): same inputs, same observable behaviour.
import { afterEach, describe, expect, it } from "vitest";
import { type Cursor, compareCursors, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import type { Hub, SubscribeOptions } from "@/lib/hub/types";

export interface HubUnderTest {
  hub: Hub;
  close?(): Promise<void> | void;
}

/** `history`: events a channel retains (the upstash hub trims approximately, in whole stream nodes). */
export type HubFactory = (options: { history: number }) => Promise<HubUnderTest> | HubUnderTest;

export interface Collector {
  events: Envelope[];
  ids(): string[];
  isLive(): boolean;
  /** Resolves once replay is done and the reader is live. */
  live(): Promise<void>;
  until(predicate: (events: Envelope[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): void;
}

/** Subscribes and records deliveries; waits for conditions on them instead of sleeping. */
export function collect(hub: Hub, channel: string, options: Omit<SubscribeOptions, "onLive"> = {}): Collector {
  const events: Envelope[] = [];
  const waiters = new Set<() => void>();
  let live = false;
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const until = (predicate: (events: Envelope[]) => boolean, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`condition not met within ${timeoutMs} ms (${events.length} events: ${events.at(-1)?.id ?? "none"})`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(events)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const stop = hub.subscribe(
    channel,
    {
      ...options,
      onLive: () => {
        live = true;
        notify();
      },
    },
    (event) => {
      events.push(event);
      notify();
    },
  );
  return {
    events,
    ids: () => events.map((e) => e.id),
    isLive: () => live,
    live: () => until(() => live),
    until,
    stop,
  };
}

const after = (ids: string[], cursor: Cursor) => ids.filter((id) => compareCursors(id, cursor) > 0);
const types = (events: Envelope[]) => events.map((e) => e.type);

export function hubContract(kind: string, factory: HubFactory): void {
  describe(`Hub contract: ${kind}`, () => {
    const open: HubUnderTest[] = [];
    const make = async (history = 10_000) => {
      const made = await factory({ history });
      open.push(made);
      return made.hub;
    };
    afterEach(async () => {
      for (const made of open.splice(0)) await made.close?.();
    });

    it("assigns strictly increasing cursors, reads history in order, knows its head", async () => {
      const hub = await make();
      const a = await hub.publish("ch:x", { type: "e.a", data: { n: 1, text: "héllo ✓" } });
      const b = await hub.publish("ch:x", { type: "e.b", data: [1, 2] });
      const [c, d] = await hub.publishBatch("ch:x", [
        { type: "e.c", data: null },
        { type: "e.d", data: "four" },
      ]);
      const ids = [a, b, c!, d!].map((e) => e.id);
      for (let i = 1; i < ids.length; i++) expect(compareCursors(ids[i]!, ids[i - 1]!)).toBeGreaterThan(0);
      expect(a).toMatchObject({ channel: "ch:x", type: "e.a", data: { n: 1, text: "héllo ✓" } });
      expect(new Date(a.ts).toISOString()).toBe(a.ts);

      const all = await hub.read("ch:x", { limit: 10 });
      expect(all).toEqual([a, b, c, d]);
      expect(types(await hub.read("ch:x", { after: b.id, limit: 10 }))).toEqual(["e.c", "e.d"]);
      expect(types(await hub.read("ch:x", { after: b.id, limit: 1 }))).toEqual(["e.c"]);
      expect(await hub.read("ch:x", { after: d!.id, limit: 10 })).toEqual([]);
      expect(await hub.read("ch:none", { limit: 10 })).toEqual([]);
      expect(await hub.head("ch:x")).toBe(d!.id);
      expect(await hub.head("ch:none")).toBeNull();
    });

    it("keeps a batch contiguous while others publish at the same time", async () => {
      const hub = await make();
      const batches = await Promise.all(
        Array.from({ length: 8 }, (_, b) =>
          hub.publishBatch(
            "ch:x",
            Array.from({ length: 5 }, (_, i) => ({ type: "n", data: { b, i } })),
          ),
        ),
      );
      const order = (await hub.read("ch:x", { limit: 100 })).map((e) => e.id);
      for (const batch of batches) {
        const at = order.indexOf(batch[0]!.id);
        expect(order.slice(at, at + 5)).toEqual(batch.map((e) => e.id));
      }
    });

    it("replays then goes live with no gap and no duplicate, from any cursor, while publishing goes on", async () => {
      const hub = await make();
      const published: string[] = [];
      const readers: { from: string; c: Collector }[] = [];
      for (let i = 0; i < 150; i++) {
        published.push((await hub.publish("ch:x", { type: "n", data: i })).id);
        if (i % 19 === 7) {
          // A reader joins mid-stream from some earlier cursor it had seen.
          const from = published[Math.floor(i / 2)]!;
          readers.push({ from, c: collect(hub, "ch:x", { after: from }) });
        }
      }
      const last = published.at(-1)!;
      for (const { from, c } of readers) {
        await c.until((events) => events.at(-1)?.id === last);
        expect(c.ids()).toEqual(after(published, from));
        c.stop();
      }
      expect(readers.length).toBeGreaterThan(5);
    });

    it("starts from the beginning with the origin cursor, and live only without a cursor", async () => {
      const hub = await make();
      const old = await hub.publish("ch:x", { type: "old", data: null });
      const fromOrigin = collect(hub, "ch:x", { after: ORIGIN });
      const liveOnly = collect(hub, "ch:x");
      await liveOnly.live();
      const next = await hub.publish("ch:x", { type: "new", data: null });
      await liveOnly.until((e) => e.length === 1);
      await fromOrigin.until((e) => e.length === 2);
      expect(liveOnly.ids()).toEqual([next.id]);
      expect(fromOrigin.ids()).toEqual([old.id, next.id]);
    });

    it("bounds history and resets readers behind it; a reader at the boundary misses nothing", async () => {
      const hub = await make(10);
      const ids: string[] = [];
      for (let start = 0; start < 250; start += 50) {
        const batch = Array.from({ length: 50 }, (_, i) => ({ type: "n", data: start + i }));
        ids.push(...(await hub.publishBatch("ch:x", batch)).map((e) => e.id));
      }
      const kept = (await hub.read("ch:x", { limit: 1000 })).map((e) => e.id);
      expect(kept.length).toBeGreaterThanOrEqual(10);
      expect(kept.length).toBeLessThan(250);
      expect(kept).toEqual(ids.slice(ids.length - kept.length));

      // The reader that saw the last trimmed event has missed nothing.
      const boundary = ids[ids.length - kept.length - 1]!;
      const fine = collect(hub, "ch:x", { after: boundary });
      await fine.live();
      expect(fine.ids()).toEqual(kept);

      // One further behind is told to refetch, then continues live from the head.
      const behind = collect(hub, "ch:x", { after: ids[3] });
      await behind.live();
      expect(types(behind.events)).toEqual(["stream.reset"]);
      expect(behind.events[0]).toMatchObject({ id: ids.at(-1), channel: "ch:x", data: { cursor: ids.at(-1) } });
      const more = await hub.publish("ch:x", { type: "n", data: 250 });
      await behind.until((e) => e.length === 2);
      expect(behind.ids()).toEqual([ids.at(-1), more.id]);

      // Reading from the origin of a trimmed channel is also a reset: the beginning is gone.
      const origin = collect(hub, "ch:x", { after: ORIGIN });
      await origin.live();
      expect(types(origin.events)).toEqual(["stream.reset"]);
    });

    it("resets cursors from another epoch: ahead of the channel, or from before it existed", async () => {
      const hub = await make();
      const fresh = collect(hub, "ch:new", { after: "4000-0" });
      await fresh.live();
      expect(fresh.events).toMatchObject([{ type: "stream.reset", id: ORIGIN, data: { cursor: ORIGIN } }]);

      const first = await hub.publish("ch:new", { type: "n", data: 1 });
      const [ms] = first.id.split("-");
      const ahead = collect(hub, "ch:new", { after: `${Number(ms) + 60_000}-0` });
      const before = collect(hub, "ch:new", { after: "1-0" });
      const origin = collect(hub, "ch:new", { after: ORIGIN });
      await Promise.all([ahead.live(), before.live(), origin.live()]);
      expect(ahead.events).toMatchObject([{ type: "stream.reset", id: first.id }]);
      expect(before.events).toMatchObject([{ type: "stream.reset", id: first.id }]);
      expect(origin.ids()).toEqual([first.id]);
    });

    it("keeps delivering to others when one listener throws, and forgets unsubscribed ones", async () => {
      const hub = await make();
      const error = console.error;
      console.error = () => {};
      try {
        const broken = hub.subscribe("ch:x", {}, () => {
          throw new Error("broken reader");
        });
        const gone = collect(hub, "ch:x");
        const stays = collect(hub, "ch:x");
        await Promise.all([gone.live(), stays.live()]);
        expect(hub.stats()).toMatchObject({ kind, channels: 1, subscribers: 3 });
        const one = await hub.publish("ch:x", { type: "n", data: 1 });
        await stays.until((e) => e.length === 1);
        gone.stop();
        broken();
        const two = await hub.publish("ch:x", { type: "n", data: 2 });
        await stays.until((e) => e.length === 2);
        expect(stays.ids()).toEqual([one.id, two.id]);
        expect(gone.ids()).toEqual([one.id]);
        expect(hub.stats()).toMatchObject({ subscribers: 1 });
        stays.stop();
        expect(hub.stats().subscribers).toBe(0);
      } finally {
        console.error = error;
      }
    });

    it("gives every one of many concurrent readers exactly the published sequence", async () => {
      const hub = await make();
      const start = await hub.publish("ch:storm", { type: "n", data: -1 });
      const published: string[] = [];
      const readers: Collector[] = [];
      const publishing = (async () => {
        for (let i = 0; i < 200; i++) published.push((await hub.publish("ch:storm", { type: "n", data: i })).id);
      })();
      for (let r = 0; r < 30; r++) {
        readers.push(collect(hub, "ch:storm", { after: start.id }));
        if (r % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await publishing;
      for (const reader of readers) {
        await reader.until((e) => e.at(-1)?.id === published.at(-1));
        expect(reader.ids()).toEqual(published);
        reader.stop();
      }
    });
  });
}
