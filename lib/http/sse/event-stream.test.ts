import { describe, expect, it } from "vitest";
import { MemoryHub } from "@/lib/hub/memory";
import { readSse } from "@/tests/support/sse-reader";
import { eventStream, parseStreamRequest, type StreamAccess, type StreamLimits } from "./event-stream";
import { PROBE_EVERY_MS } from "./flush-scheduler";
import { streamMetrics } from "./stream-metrics";

const limits: StreamLimits = { keepaliveMs: 60_000, maxDurationMs: 60_000, queueBytes: 64 * 1024, lagGraceMs: 50 };
const hubOptions = { history: 10_000, historyBytes: 64 * 1024 * 1024, maxBytes: 256 * 1024 * 1024, idleMs: 60_000 };

/** Access the test revokes when it likes, counting who watches it. */
function revocableAccess() {
  let onRevoked: (() => void) | null = null;
  const state = {
    watching: 0,
    access: {
      watch(callback) {
        onRevoked = callback;
        state.watching++;
        return () => {
          state.watching--;
        };
      },
    } satisfies StreamAccess,
    revoke: () => onRevoked?.(),
  };
  return state;
}

function open(
  hub: MemoryHub,
  init: {
    cursor?: string | null;
    types?: string;
    limits?: Partial<StreamLimits>;
    start?: "now" | "beginning";
    access?: StreamAccess;
  } = {},
) {
  const abort = new AbortController();
  const url = `http://x/stream${init.types ? `?types=${init.types}` : ""}`;
  const parsed = parseStreamRequest(new Request(url, { headers: init.cursor ? { "Last-Event-ID": init.cursor } : {} }));
  const response = eventStream({
    ...parsed,
    hub,
    channel: "ch:t",
    start: init.start ?? "now",
    access: init.access ?? revocableAccess().access,
    limits: { ...limits, ...init.limits },
    signal: abort.signal,
  });
  return { abort, response };
}

describe("eventStream", () => {
  it("sends the SSE headers, retry, and the starting cursor before any event", async () => {
    const hub = new MemoryHub(hubOptions);
    const head = await hub.publish("ch:t", { type: "a.x", data: 0 });
    const { response, abort } = open(hub);
    const res = await response;
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const sse = readSse(res.body!);
    await hub.publish("ch:t", { type: "a.y", data: 1 });
    await sse.waitFor((s) => s.envelopes.length === 1);
    expect(sse.retry).toBe(2000);
    expect(sse.envelopes.map((e) => e.type)).toEqual(["a.y"]);
    abort.abort();
    expect(head.id).toBeTruthy();
  });

  it("writes an event to a reader that is waiting in the turn that published it, while the server keeps up", async () => {
    const hub = new MemoryHub(hubOptions);
    const { response, abort } = open(hub);
    const reader = (await response).body!.getReader();
    await reader.read(); // the opening frame
    // Past any pass of an earlier test: the scheduler measures again and writes at once.
    await new Promise((r) => setTimeout(r, PROBE_EVERY_MS + 20));
    let got = "";
    void reader.read().then((r) => {
      got = new TextDecoder().decode(r.value);
    });
    void hub.publish("ch:t", { type: "a.now", data: 1 });
    // A few microtasks, no turn of the event loop: a flush batched for the next turn would not be here yet.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(got).toContain('"type":"a.now"');
    abort.abort();
  });

  it("resumes after the client's cursor with exactly the missed events, and filters by type", async () => {
    const hub = new MemoryHub(hubOptions);
    const ids: string[] = [];
    for (const type of ["agent.token", "run.progress", "agent.token", "tool.invoked", "agent.turn_completed"]) {
      ids.push((await hub.publish("ch:t", { type, data: {} })).id);
    }
    const { response, abort } = open(hub, { cursor: ids[1], types: "agent.*,tool.invoked" });
    const sse = readSse((await response).body!);
    await sse.waitFor((s) => s.envelopes.length === 3);
    expect(sse.envelopes.map((e) => e.id)).toEqual([ids[2], ids[3], ids[4]]);
    abort.abort();
  });

  it("starts a run stream from its first event when no cursor is given", async () => {
    const hub = new MemoryHub(hubOptions);
    await hub.publish("ch:t", { type: "run.created", data: {} });
    const { response, abort } = open(hub, { start: "beginning" });
    const sse = readSse((await response).body!);
    await sse.waitFor((s) => s.envelopes.length === 1);
    abort.abort();
  });

  it("rejects a malformed cursor or filter with 400", () => {
    expect(() => parseStreamRequest(new Request("http://x/?last_event_id=yesterday"))).toThrow(/cursor/);
    expect(() => parseStreamRequest(new Request("http://x/?types=Bad..Type"))).toThrow(/types/);
  });

  it("sends keepalives and ends cleanly at the maximum duration, releasing everything", async () => {
    const hub = new MemoryHub(hubOptions);
    const before = { ...streamMetrics };
    const { response } = open(hub, { limits: { keepaliveMs: 20, maxDurationMs: 150 } });
    const sse = readSse((await response).body!);
    await sse.waitFor((s) => s.comments.filter((c) => c === "keepalive").length >= 2);
    expect(await sse.ended).toBe("end");
    expect(streamMetrics.open).toBe(before.open);
    expect(streamMetrics.timers).toBe(before.timers);
    expect(hub.stats().subscribers).toBe(0);
  });

  it("releases the subscription and timers when the client aborts", async () => {
    const hub = new MemoryHub(hubOptions);
    const before = { ...streamMetrics };
    const streams = await Promise.all(
      Array.from({ length: 10 }, () => open(hub)).map(async (s) => ({ ...s, res: await s.response })),
    );
    expect(hub.stats().subscribers).toBe(10);
    expect(streamMetrics.open).toBe(before.open + 10);
    for (const s of streams) s.abort.abort();
    expect(hub.stats().subscribers).toBe(0);
    expect(streamMetrics.open).toBe(before.open);
    expect(streamMetrics.timers).toBe(before.timers);
  });

  it("cuts off a reader that stops reading after the grace, without touching one that keeps up", async () => {
    const hub = new MemoryHub(hubOptions);
    const before = streamMetrics.cut_off_total;
    const slow = await open(hub, { limits: { queueBytes: 16 * 1024 } }).response; // never read
    // A burst far above the bound does not cut off a reader that drains it.
    const fast = readSse((await open(hub, { limits: { queueBytes: 16 * 1024 } }).response).body!);
    await hub.publishBatch(
      "ch:t",
      Array.from({ length: 200 }, () => ({ type: "bulk", data: "x".repeat(1000) })),
    );
    await fast.waitFor((s) => s.envelopes.length === 200);
    await new Promise((r) => setTimeout(r, limits.lagGraceMs * 2));
    expect(streamMetrics.cut_off_total).toBe(before + 1);
    expect(hub.stats().subscribers).toBe(1);
    await expect(slow.body!.getReader().read()).rejects.toThrow(/cut off/);
    await fast.cancel();
  });

  it("cuts off at once a reader whose backlog passes the hard ceiling", async () => {
    const hub = new MemoryHub(hubOptions);
    const before = streamMetrics.cut_off_total;
    const slow = await open(hub, { limits: { queueBytes: 1024, lagGraceMs: 60_000 } }).response;
    await hub.publishBatch(
      "ch:t",
      Array.from({ length: 40 }, () => ({ type: "bulk", data: "x".repeat(1000) })),
    );
    expect(streamMetrics.cut_off_total).toBe(before + 1);
    expect(hub.stats().subscribers).toBe(0);
    await expect(slow.body!.getReader().read()).rejects.toThrow(/cut off/);
  });

  it("ends after a final event", async () => {
    const hub = new MemoryHub(hubOptions);
    const abort = new AbortController();
    const res = await eventStream({
      cursor: null,
      filter: null,
      hub,
      channel: "ch:t",
      start: "beginning",
      access: revocableAccess().access,
      limits,
      signal: abort.signal,
      isFinal: (e) => e.type === "run.completed",
    });
    const sse = readSse(res.body!);
    await hub.publish("ch:t", { type: "run.started", data: {} });
    await hub.publish("ch:t", { type: "run.completed", data: {} });
    expect(await sse.ended).toBe("end");
    expect(sse.envelopes.map((e) => e.type)).toEqual(["run.started", "run.completed"]);
    expect(hub.stats().subscribers).toBe(0);
  });
});

describe("eventStream under access that can be taken away", () => {
  it("ends cleanly when access is revoked — what waits goes out first — and lets go of everything", async () => {
    const hub = new MemoryHub(hubOptions);
    const grant = revocableAccess();
    const before = { open: streamMetrics.open, timers: streamMetrics.timers };
    const sse = readSse((await open(hub, { access: grant.access }).response).body!);
    expect(grant.watching).toBe(1);
    await hub.publish("ch:t", { type: "a.before", data: {} });
    grant.revoke();
    await hub.publish("ch:t", { type: "a.after", data: {} });
    expect(await sse.ended).toBe("end");
    expect(sse.envelopes.map((e) => e.type)).toEqual(["a.before"]);
    expect({ watching: grant.watching, subscribers: hub.stats().subscribers }).toEqual({ watching: 0, subscribers: 0 });
    expect({ open: streamMetrics.open, timers: streamMetrics.timers }).toEqual(before);
  });

  it("stops watching access when the client goes away", async () => {
    const hub = new MemoryHub(hubOptions);
    const grant = revocableAccess();
    const { response, abort } = open(hub, { access: grant.access });
    await response;
    abort.abort();
    expect(grant.watching).toBe(0);
  });
});

describe("eventStream set-up failures", () => {
  it("refuses a cursor beyond 2^53 with 400 before anything is allocated", () => {
    const before = { ...streamMetrics };
    for (const cursor of ["9999999999999999-0", "1-9999999999999999"]) {
      expect(() => parseStreamRequest(new Request("http://x/s", { headers: { "Last-Event-ID": cursor } }))).toThrow(
        expect.objectContaining({ code: "bad_request" }),
      );
      expect(() => parseStreamRequest(new Request(`http://x/s?last_event_id=${cursor}`))).toThrow(
        expect.objectContaining({ code: "bad_request" }),
      );
    }
    expect(streamMetrics.open).toBe(before.open);
    expect(streamMetrics.timers).toBe(before.timers);
  });

  it("lets go of its timers, listener and count when subscribing throws", async () => {
    const hub = new MemoryHub(hubOptions);
    hub.subscribe = () => {
      throw new Error("subscribe failed");
    };
    const before = { open: streamMetrics.open, timers: streamMetrics.timers };
    const grant = revocableAccess();
    const { response } = open(hub, { access: grant.access });
    await expect(response).rejects.toThrow("subscribe failed");
    expect({ open: streamMetrics.open, timers: streamMetrics.timers }).toEqual(before);
    expect(grant.watching).toBe(0);
  });
});
