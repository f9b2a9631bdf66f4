import { describe, expect, it } from "vitest";
import { envelopes } from "../test-envelope";
import { orchestrationDialect, parseOrchestrationFilter, toOrchestrationEvent } from "./orchestration";

const ev = envelopes("run:r1");
const completed = ev("agent.turn_completed", {
  turn_id: "t1",
  agent: "Coder",
  model: "demo",
  text: "x".repeat(500),
  input_tokens: 100,
  output_tokens: 50,
  cost_usd: 0.001,
  latency_ms: 340.5,
});

describe("LLMHive's orchestration events", () => {
  it("model_response carries the document's {model, tokens, latency_ms} beside Parley's counts", () => {
    const e = toOrchestrationEvent(completed, false);
    expect(e).toMatchObject({
      type: "model_response",
      timestamp: "2026-11-21T12:00:00.000Z",
      details: { model: "demo", tokens: 150, latency_ms: 340.5, input_tokens: 100, output_tokens: 50 },
    });
    expect(String(e?.details.text).length).toBeLessThanOrEqual(201);
    expect(String(toOrchestrationEvent(completed, true)?.details.text).length).toBe(500);
  });

  it("tool_invoked carries {tool_type, query}; tool_result {tool_type, success, latency_ms}", () => {
    const invoked = toOrchestrationEvent(
      ev("tool.invoked", { call_id: "c1", tool: "web_search", input: { query: "sse" } }),
      false,
    );
    expect(invoked).toMatchObject({ type: "tool_invoked", details: { tool_type: "web_search", query: "sse" } });
    const plain = toOrchestrationEvent(ev("tool.invoked", { call_id: "c2", tool: "calc", input: "2+2" }), false);
    expect(plain?.details.query).toBe("2+2");
    const result = toOrchestrationEvent(
      ev("tool.result", { call_id: "c1", tool: "web_search", success: true, output_preview: "ok", latency_ms: 12 }),
      false,
    );
    expect(result).toMatchObject({ type: "tool_result", details: { tool_type: "web_search", success: true, latency_ms: 12 } });
  });

  it("step, error and complete carry the document's details", () => {
    expect(toOrchestrationEvent(ev("step", { step: "plan", description: "Planning" }), false)).toMatchObject({
      type: "step",
      details: { step: "plan", description: "Planning" },
    });
    expect(toOrchestrationEvent(ev("run.failed", { error_type: "provider_error", message: "down" }), false)).toMatchObject({
      type: "error",
      details: { error_type: "provider_error", message: "down" },
    });
    const usage = { input_tokens: 1, output_tokens: 2, cost_usd: 0 };
    const done = ev("run.completed", { success: true, summary: "Answered", usage, duration_ms: 2300 });
    expect(toOrchestrationEvent(done, false)).toMatchObject({
      type: "complete",
      details: { success: true, summary: "Answered" },
    });
  });

  it("progress is a step in dev mode only; Parley's own events outside the document are not shown", () => {
    const progress = ev("run.progress", { completed_steps: 1, total_steps: 4, est_remaining_ms: 10, cost_usd: 0 });
    expect(toOrchestrationEvent(progress, false)).toBeNull();
    expect(toOrchestrationEvent(progress, true)?.type).toBe("step");
    expect(toOrchestrationEvent(ev("agent.token", { turn_id: "t1", agent: "Coder", text: "a" }), true)).toBeNull();
  });

  it("frames as `event: orchestration_event`, keeps alive as `event: keepalive`, and filters by type", () => {
    const all = orchestrationDialect({ devMode: false, filter: null });
    expect(all.frame(completed)).toMatchObject({ event: "orchestration_event", data: { type: "model_response" } });
    expect(all.keepalive("2026-11-21T12:00:15.000Z")).toEqual({
      event: "keepalive",
      data: { timestamp: "2026-11-21T12:00:15.000Z" },
    });
    const onlyCalls = orchestrationDialect({ devMode: false, filter: parseOrchestrationFilter("model_call, complete") });
    expect(onlyCalls.frame(completed)).toBeNull();
    // A filter naming only types that do not exist selects nothing (DESIGN.md), not everything.
    const unknown = orchestrationDialect({ devMode: false, filter: parseOrchestrationFilter("no_such_type") });
    expect(unknown.frame(completed)).toBeNull();
    expect(parseOrchestrationFilter("")).toBeNull();
    expect(parseOrchestrationFilter(null)).toBeNull();
  });
});
