import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import type { GatewayCallView, GatewaySnapshot } from "./views";
import { activeCalls, applyGatewayEvent, callUsage, recentCalls, totals, watchFromSnapshot } from "./watch-state";

const stored = (id: string, over: Partial<GatewayCallView> = {}): GatewayCallView => ({
  request_id: id,
  provider: "openai",
  upstream: "openai",
  model: "gpt-4o-mini",
  agent: "Coder",
  session_id: null,
  stream: true,
  status: "completed",
  http_status: 200,
  finish_reason: "stop",
  input_tokens: 10,
  output_tokens: 20,
  cost_usd: 0.01,
  ttfb_ms: 5,
  latency_ms: 100,
  error: null,
  text: "stored preview",
  started_at: `2026-12-10T12:00:0${id.slice(-1)}.000Z`,
  ...over,
});

const snapshot: GatewaySnapshot = {
  last_event_id: "1000-0",
  requests: [stored("gw_2", { status: "streaming", text: "", cost_usd: 0 }), stored("gw_1")],
  totals: {
    window_s: 3600,
    by_agent: [{ name: "Coder", requests: 1, input_tokens: 10, output_tokens: 20, cost_usd: 0.01 }],
    by_model: [{ name: "gpt-4o-mini", requests: 1, input_tokens: 10, output_tokens: 20, cost_usd: 0.01 }],
  },
  tap: {},
};

let ms = 1000;
const ev = (type: string, data: object): Envelope => ({
  id: `${++ms}-0`,
  channel: "ch:gateway",
  type,
  ts: new Date(ms).toISOString(),
  data,
});
const start = (id: string, agent: string) =>
  ev("gateway.request_started", {
    request_id: id,
    provider: "anthropic",
    model: "claude-3-5-haiku-latest",
    agent,
    upstream: "anthropic",
    started_at: "2026-12-10T12:00:09.000Z",
  });
const done = (id: string, cost: number) =>
  ev("gateway.completed", {
    request_id: id,
    input_tokens: 1,
    output_tokens: 2,
    cost_usd: cost,
    latency_ms: 50,
    finish_reason: "end_turn",
  });

describe("the gateway watch", () => {
  it("adds live text, finishes calls, and counts only what the snapshot's totals do not include", () => {
    const events = [
      ev("gateway.text_delta", { request_id: "gw_2", text: "Hi" }),
      start("gw_3", "Reviewer"),
      ev("gateway.text_delta", { request_id: "gw_3", text: "Look" }),
      ev("gateway.text_delta", { request_id: "gw_3", text: "s good" }),
      done("gw_2", 0.02),
      done("gw_3", 0.5),
    ];
    let w = watchFromSnapshot(snapshot);
    for (const e of events) w = applyGatewayEvent(w, e);
    expect(recentCalls(w).map((c) => [c.request_id, c.status, c.text])).toEqual([
      ["gw_3", "completed", "Looks good"],
      ["gw_2", "completed", "Hi"],
      ["gw_1", "completed", "stored preview"],
    ]);
    const t = totals(w);
    expect(t.by_agent).toEqual([
      { name: "Reviewer", requests: 1, input_tokens: 1, output_tokens: 2, cost_usd: 0.5 },
      { name: "Coder", requests: 2, input_tokens: 11, output_tokens: 22, cost_usd: 0.03 },
    ]);
    expect(t.by_model.map((r) => r.name)).toEqual(["claude-3-5-haiku-latest", "gpt-4o-mini"]);

    // Replayed or doubled events change nothing.
    let again = w;
    for (const e of events) again = applyGatewayEvent(again, e);
    expect(again).toBe(w);
  });

  it("shows what is streaming, newest first; a failure ends it; a refetched snapshot keeps the live text", () => {
    let w = watchFromSnapshot(snapshot);
    w = applyGatewayEvent(w, start("gw_4", "Judge"));
    w = applyGatewayEvent(w, ev("gateway.text_delta", { request_id: "gw_4", text: "Ruling…" }));
    expect(activeCalls(w).map((c) => c.request_id)).toEqual(["gw_4", "gw_2"]);
    w = applyGatewayEvent(w, ev("gateway.failed", { request_id: "gw_4", status: 502, message: "lost" }));
    expect(activeCalls(w).map((c) => c.request_id)).toEqual(["gw_2"]);
    expect(w.calls.get("gw_4")).toMatchObject({ status: "failed", http_status: 502, error: "lost" });

    const later = watchFromSnapshot(
      { ...snapshot, requests: [stored("gw_4", { status: "failed", text: "Rul" }), ...snapshot.requests] },
      w,
    );
    expect(later.calls.get("gw_4")?.text).toBe("Ruling…");
    expect(later.counted.has("gw_4")).toBe(true);
    expect(applyGatewayEvent(later, { ...ev("stream.reset", {}), type: "stream.reset" }).resets).toBe(1);
  });
});

describe("what a streaming call has cost so far", () => {
  it("is estimated from its text at the price its start announced, then is what the gateway reported", () => {
    let s = watchFromSnapshot({ ...snapshot, requests: [] });
    s = applyGatewayEvent(
      s,
      ev("gateway.request_started", {
        request_id: "gw_9",
        provider: "openai",
        model: "gpt-4o-mini",
        agent: "Planner",
        upstream: "openai",
        price: { input: 0.15, output: 0.6 },
      }),
    );
    s = applyGatewayEvent(s, ev("gateway.text_delta", { request_id: "gw_9", text: "x".repeat(400) }));
    const live = s.calls.get("gw_9");
    if (!live) throw new Error("no call");
    expect(callUsage(live)).toEqual({ output_tokens: 100, cost_usd: (100 * 0.6) / 1e6, estimated: true });
    s = applyGatewayEvent(
      s,
      ev("gateway.completed", {
        request_id: "gw_9",
        input_tokens: 12,
        output_tokens: 101,
        cost_usd: 0.0000624,
        latency_ms: 9,
        finish_reason: "stop",
      }),
    );
    const ended = s.calls.get("gw_9");
    if (!ended) throw new Error("no call");
    expect(callUsage(ended)).toEqual({ output_tokens: 101, cost_usd: 0.0000624, estimated: false });
    // A call whose model the price table does not know (no price announced) is estimated at nothing.
    expect(callUsage({ ...live, price: null }).cost_usd).toBe(0);
  });
});
