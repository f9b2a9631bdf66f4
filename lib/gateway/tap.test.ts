import { describe, expect, it, vi } from "vitest";
import type { EventInput } from "@/lib/events/envelope";
import { builtinEventSchemas, isBuiltinEventType } from "@/lib/events/schemas";
import { type CallInfo, type FinishedRecord, RequestTap, type TapEnvironment } from "./tap";
import { TapQueue } from "./tap-queue";

const info: CallInfo = {
  requestId: "gw_1",
  provider: "openai",
  upstream: "openai",
  model: "gpt-4o-mini",
  agent: "Coder",
  keyId: "key_1",
  sessionId: "ses_abcdefghij0123456789",
  stream: true,
  prompt: { messages: [] },
  startedAt: 1_000,
  price: { input: 0.15, output: 0.6 },
};

function fakeEnv(overrides: Partial<TapEnvironment> = {}) {
  const offered: { channel: string; event: EventInput }[] = [];
  const finished: FinishedRecord[] = [];
  const notes: string[] = [];
  let now = 1_000;
  const env: TapEnvironment = {
    queue: {
      offer: (channel, event) => {
        offered.push({ channel, event });
        return true;
      },
    },
    recorder: { started: () => {}, finished: (_id, r) => finished.push(r) },
    flushMs: 40,
    record: "preview",
    sessionNote: (_id, text) => notes.push(text),
    now: () => now,
    ...overrides,
  };
  return { env, offered, finished, notes, advance: (ms: number) => (now += ms) };
}

describe("RequestTap", () => {
  it("coalesces text within the flush window, flushes before the end, and ends exactly once", () => {
    vi.useFakeTimers();
    const { env, offered, finished, notes, advance } = fakeEnv();
    const tap = new RequestTap(info, env);
    tap.started();
    for (const piece of ["Hel", "lo", " wor"]) tap.text(piece);
    vi.advanceTimersByTime(40);
    tap.text("ld");
    advance(250);
    tap.completed({ inputTokens: 3, outputTokens: 4, costUsd: 0.001, finishReason: "stop", ttfbMs: 12 });
    tap.failed(502, "too late");
    tap.text("ignored");
    vi.useRealTimers();

    const onGateway = offered.filter((o) => o.channel === "ch:gateway").map((o) => o.event);
    expect(onGateway.map((e) => [e.type, (e.data as { text?: string }).text])).toEqual([
      ["gateway.request_started", undefined],
      ["gateway.text_delta", "Hello wor"],
      ["gateway.text_delta", "ld"],
      ["gateway.completed", undefined],
    ]);
    expect(onGateway.at(-1)?.data).toMatchObject({ latency_ms: 250, ttfb_ms: 12, cost_usd: 0.001 });
    // The start announces the model's price, so watchers can estimate the call while it streams.
    expect(onGateway[0]?.data).toMatchObject({ price: { input: 0.15, output: 0.6 } });
    // The same announcements on the session's channel, and one line in its chat.
    expect(offered.filter((o) => o.channel === `session:${info.sessionId}`)).toHaveLength(4);
    expect(notes).toEqual(["Model call by Coder (openai · gpt-4o-mini): 7 tokens · $0.00100 · 250 ms · stop — /gateway"]);
    expect(finished).toMatchObject([{ status: "completed", preview: "Hello world", completion: null, latencyMs: 250 }]);
    // Every event the tap emits is valid for its schema.
    for (const e of onGateway) {
      expect(isBuiltinEventType(e.type) && builtinEventSchemas[e.type].safeParse(e.data).success, e.type).toBe(true);
    }
  });

  it("keeps the whole completion only with PARLEY_GATEWAY_RECORD=full, and counts deltas the queue dropped", () => {
    const { env, finished, offered } = fakeEnv({ flushMs: 0, record: "full", queue: { offer: () => false } });
    const tap = new RequestTap({ ...info, sessionId: null }, env);
    tap.started();
    const long = "x".repeat(500);
    tap.text(long);
    tap.text("!");
    tap.failed(499, "The caller closed the connection");
    expect(offered).toEqual([]);
    expect(finished).toMatchObject([{ status: "failed", httpStatus: 499, completion: `${long}!`, preview: long.slice(0, 280) }]);
  });
});

describe("TapQueue", () => {
  it("never waits for the hub: past its bound it drops deltas, then lifecycle events, and counts them", async () => {
    let accepted = 0;
    const queue = new TapQueue(() => new Promise(() => {}), 4096);
    const delta = { type: "gateway.text_delta", data: { request_id: "r", text: "y".repeat(500) } };
    const started = { type: "gateway.request_started", data: {} };
    for (let i = 0; i < 20; i++) if (queue.offer("ch:gateway", delta, { droppable: true })) accepted++;
    expect(accepted).toBeLessThan(20);
    expect(queue.counters.dropped_deltas).toBe(20 - accepted);
    // Lifecycle events get twice the room before they are dropped too.
    let lifecycle = 0;
    for (let i = 0; i < 40; i++) if (queue.offer("ch:gateway", started, { droppable: false })) lifecycle++;
    expect(lifecycle).toBeGreaterThan(0);
    expect(queue.counters.dropped_events).toBe(40 - lifecycle);
  });

  it("publishes each channel's events in order, one batch in flight at a time, and survives a failing hub", async () => {
    const batches: { channel: string; types: string[] }[] = [];
    let fail = true;
    const queue = new TapQueue(async (channel, events) => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) {
        fail = false;
        throw new Error("hub down");
      }
      batches.push({ channel, types: events.map((e) => e.type) });
    }, 1 << 20);
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    for (let i = 0; i < 5; i++) queue.offer("ch:a", { type: `t.${i}`, data: {} }, { droppable: false });
    await new Promise((r) => setTimeout(r, 1));
    for (let i = 5; i < 8; i++) queue.offer("ch:a", { type: `t.${i}`, data: {} }, { droppable: false });
    await queue.settled();
    error.mockRestore();
    expect(queue.counters.publish_failures).toBe(1);
    expect(batches.flatMap((b) => b.types)).toEqual(["t.5", "t.6", "t.7"]);
    expect(queue.counters.queued_bytes).toBe(0);
  });
});
