import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import type { GatewayCallView, GatewaySnapshot } from "@/lib/gateway/views";
import { applyGatewayEvent, type GatewayWatch, watchFromSnapshot } from "@/lib/gateway/watch-state";
import { displayWidth, painter, stripAnsi } from "../ui/text";
import { plainGatewayLine, renderGatewayDashboard } from "./render";

const now = Date.parse("2026-12-10T12:00:10.000Z");
const plain = painter(false);

const call = (id: string, over: Partial<GatewayCallView>): GatewayCallView => ({
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
  input_tokens: 1200,
  output_tokens: 345,
  cost_usd: 0.000387,
  ttfb_ms: 80,
  latency_ms: 2300,
  error: null,
  text: "done",
  started_at: "2026-12-10T12:00:01.000Z",
  ...over,
});

const snapshot: GatewaySnapshot = {
  last_event_id: "1000-0",
  requests: [
    call("gw_3", {
      status: "failed",
      http_status: 429,
      agent: "Spender",
      error: "budget spent",
      started_at: "2026-12-10T12:00:03.000Z",
    }),
    call("gw_2", {
      agent: "Reviewer",
      provider: "anthropic",
      upstream: "anthropic",
      model: "claude-3-5-haiku-latest",
      started_at: "2026-12-10T12:00:02.000Z",
    }),
    call("gw_1", {}),
  ],
  totals: {
    window_s: 3600,
    by_agent: [{ name: "Coder", requests: 4, input_tokens: 100, output_tokens: 200, cost_usd: 0.5 }],
    by_model: [{ name: "gpt-4o-mini", requests: 4, input_tokens: 100, output_tokens: 200, cost_usd: 0.5 }],
  },
  tap: {},
};

let ms = 1000;
const ev = (type: string, data: object): Envelope => ({
  id: `${++ms}-0`,
  channel: "ch:gateway",
  type,
  ts: "2026-12-10T12:00:05.000Z",
  data,
});

function watching(): GatewayWatch {
  let w = watchFromSnapshot(snapshot);
  w = applyGatewayEvent(
    w,
    ev("gateway.request_started", {
      request_id: "gw_4",
      provider: "openai",
      model: "demo",
      agent: "Architect",
      upstream: "demo",
      started_at: "2026-12-10T12:00:06.500Z",
      price: { input: 1, output: 4 },
    }),
  );
  return applyGatewayEvent(
    w,
    ev("gateway.text_delta", {
      request_id: "gw_4",
      text: "The design, in brief:\n1. Auth service\n2. HTTP API with one error shape",
    }),
  );
}

const opts = (width: number, height: number) => ({
  width,
  height,
  now,
  paint: plain,
  server: "http://localhost:3000",
  status: "live" as const,
});

describe("the gateway dashboard", () => {
  it("shows what is streaming with its latest text, the recent calls and the hour's totals", () => {
    const screen = renderGatewayDashboard(watching(), opts(110, 30)).join("\n");
    expect(screen).toMatch(/^parley gateway · http:\/\/localhost:3000 +● live$/m);
    expect(screen).toContain("Streaming now (1)");
    // Its output and cost so far, estimated at the price its start announced: 18 tokens at $4 per million.
    expect(screen).toMatch(/┌ Architect · openai · demo ─+ 3\.5 s · out ≈18 tok · ≈\$0\.00007 \(est\.\) ┐/);
    expect(screen).toContain("2. HTTP API with one error shape");
    const at = new Date("2026-12-10T12:00:02.000Z").toTimeString().slice(0, 8);
    expect(screen).toMatch(
      new RegExp(`${at} +Reviewer +anthropic · claude-3-5-haiku-latest +1,200 → 345 +\\$0\\.00039 +2\\.3 s +ok`),
    );
    expect(screen).toMatch(/Spender .* failed 429/);
    expect(screen).toContain("by agent: Coder 4× $0.5000");
    expect(screen).toContain("Ctrl-C to stop");
  });

  it("fits any terminal: no line wider than it, never taller", () => {
    for (const [width, height] of [
      [20, 8],
      [40, 12],
      [60, 20],
      [80, 24],
      [160, 50],
    ] as const) {
      const lines = renderGatewayDashboard(watching(), { ...opts(width, height), paint: painter(true) });
      expect(lines.length).toBeLessThanOrEqual(height);
      for (const line of lines) expect(displayWidth(line), `${width}×${height}: ${stripAnsi(line)}`).toBeLessThanOrEqual(width);
    }
  });

  it("prints one line per call event in a pipe, and nothing for text deltas", () => {
    let w = watching();
    const done = ev("gateway.completed", {
      request_id: "gw_4",
      input_tokens: 12,
      output_tokens: 40,
      cost_usd: 0.000172,
      latency_ms: 1400,
      finish_reason: "stop",
    });
    w = applyGatewayEvent(w, done);
    expect(plainGatewayLine(done, w)).toMatch(
      /^\d\d:\d\d:\d\d ✓ Architect · demo · 12 → 40 tokens · \$0\.00017 · 1\.4 s · stop$/,
    );
    expect(plainGatewayLine(ev("gateway.text_delta", { request_id: "gw_4", text: "x" }), w)).toBeNull();
    const failed = ev("gateway.failed", { request_id: "gw_9", status: 502, message: "lost" });
    expect(plainGatewayLine(failed, w)).toMatch(/✗ gw_9 · failed \(502\): lost$/);
  });
});
