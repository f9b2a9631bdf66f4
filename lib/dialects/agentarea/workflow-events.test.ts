import { describe, expect, it } from "vitest";
import { envelopes } from "../test-envelope";
import { agentAreaDialect, TERMINAL_WORKFLOW_EVENTS, toWorkflowEvent, WORKFLOW_EVENT_TYPES } from "./workflow-events";

const ev = envelopes("run:r1");
const context = { taskId: "r1", agentId: "coder", estimateCost: (model: string) => (model === "demo" ? 0 : 0.002) };
const usage = { input_tokens: 1, output_tokens: 2, cost_usd: 0.1 };

describe("AgentArea's Workflow* events", () => {
  it("WorkflowLLMCallStarted carries the snippet's data.model and data.estimated_cost at the top of its data", () => {
    const frame = toWorkflowEvent(
      ev("agent.turn_started", {
        turn_id: "t1",
        agent: "Coder",
        role: "coder",
        model: "openai:gpt-4o",
        round: 0,
        prompt_preview: "…",
      }),
      context,
    );
    expect(frame).toMatchObject({
      event: "WorkflowLLMCallStarted",
      data: {
        event_type: "WorkflowLLMCallStarted",
        task_id: "r1",
        agent_id: "coder",
        model: "openai:gpt-4o",
        estimated_cost: 0.002,
      },
    });
    const unpriced = toWorkflowEvent(
      ev("agent.turn_started", { turn_id: "t1", agent: "Coder", role: "coder", model: "x", round: 0, prompt_preview: "" }),
      { taskId: "r1", agentId: "a" },
    );
    expect(unpriced?.data).toMatchObject({ estimated_cost: null });
  });

  it("names every one of the document's thirteen types from Parley's events, and ends at completion or failure", () => {
    const events = [
      ev("run.started", {}),
      ev("agent.turn_started", { turn_id: "t1", agent: "A", role: "r", model: "demo", round: 0, prompt_preview: "" }),
      ev("agent.turn_completed", {
        turn_id: "t1",
        agent: "A",
        model: "demo",
        text: "x",
        input_tokens: 1,
        output_tokens: 2,
        cost_usd: 0,
        latency_ms: 3,
      }),
      ev("tool.invoked", { call_id: "c", tool: "search", input: { q: 1 } }),
      ev("tool.result", { call_id: "c", tool: "search", success: true, output_preview: "ok", latency_ms: 4 }),
      ev("run.budget_warning", { spent_usd: 0.8, limit_usd: 1 }),
      ev("run.budget_exceeded", { spent_usd: 1, limit_usd: 1 }),
      ev("run.paused", {}),
      ev("run.resumed", {}),
      ev("step", { step: "plan", description: "Planning" }),
      ev("run.progress", { completed_steps: 1, total_steps: 5, est_remaining_ms: null, cost_usd: 0 }),
      ev("run.completed", { success: true, summary: "Done", usage, duration_ms: 9 }),
      ev("run.failed", { error_type: "provider_error", message: "down" }),
    ];
    const names = events.map((e) => toWorkflowEvent(e, context)?.event);
    expect(new Set(names)).toEqual(new Set(WORKFLOW_EVENT_TYPES));
    expect([...TERMINAL_WORKFLOW_EVENTS].sort()).toEqual(["WorkflowCompleted", "WorkflowFailed"]);
    expect(toWorkflowEvent(ev("run.cancelled", {}), context)?.event).toBe("WorkflowFailed");
    expect(toWorkflowEvent(ev("agent.token", { turn_id: "t1", agent: "A", text: "x" }), context)).toBeNull();
  });

  it("keeps alive with a named heartbeat", () => {
    expect(agentAreaDialect(context).keepalive("2026-11-21T12:00:00.000Z")).toEqual({
      event: "heartbeat",
      data: { event_type: "heartbeat", timestamp: "2026-11-21T12:00:00.000Z" },
    });
  });
});
