import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { priceTable } from "@/lib/runs/models/pricing";
import { planIngest } from "./lifecycle";
import type { ExternalRunState } from "./plan-types";

const RUN = "run_0mwqsm4b90000h4xggwaaaaaaaaaa";
const context = () => {
  let n = 0;
  return { now: 10_000, prices: priceTable(), newLogId: () => `log_${++n}` };
};
const empty = (): ExternalRunState => ({
  runId: RUN,
  status: "running",
  startedAtMs: 0,
  agents: [],
  turns: [],
  totals: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  verdict: null,
  gates: 0,
  shared: null,
});
const start = (turn_id: string, agent = "A", model?: string) => ({ type: "agent.turn_started", data: { turn_id, agent, model } });
const token = (turn_id: string, text: string) => ({ type: "agent.token", data: { turn_id, text } });

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("planIngest", () => {
  it("derives turns, token offsets, usage, cost and progress; an ended turn may still carry tool calls", () => {
    const plan = planIngest(
      empty(),
      [
        start("t1", "Planner", "gpt-4o"),
        token("t1", "Hello "),
        token("t1", "world"),
        { type: "agent.turn_completed", data: { turn_id: "t1", input_tokens: 100 } },
        { type: "tool.invoked", data: { call_id: "c1", tool: "search", input: { q: 1 }, turn_id: "t1" } },
        { type: "tool.result", data: { call_id: "c1", success: true, output_preview: "ok" } },
        { type: "run.completed", data: {} },
      ],
      context(),
    );
    expect(plan.events.map((e) => e.type)).toEqual([
      "agent.turn_started",
      "agent.token",
      "agent.token",
      "agent.turn_completed",
      "run.progress",
      "tool.invoked",
      "tool.result",
      "run.completed",
    ]);
    const tokens = plan.events.filter((e) => e.type === "agent.token").map((e) => e.data);
    expect(tokens.map((t) => t.offset)).toEqual([0, 6]);
    const turn = plan.state.turns[0];
    expect(turn).toMatchObject({ id: `${RUN}_t1`, text: "Hello world", outputTokens: 3, status: "completed" });
    expect(turn?.costUsd).toBeCloseTo((100 * 2.5 + 3 * 10) / 1e6, 9);
    expect(turn?.tools[0]).toMatchObject({ call_id: `${RUN}_t1_c1`, success: true });
    // No summary given: the last answer is the run's summary.
    expect(plan.outcome).toMatchObject({ status: "completed", summary: "Hello world" });
    expect(plan.state.agents).toEqual([{ name: "Planner", role: "agent", model: "gpt-4o" }]);
  });

  it("applies state snapshots and JSON Patches, and keeps log entries", () => {
    const plan = planIngest(
      empty(),
      [
        { type: "run.state", data: { state: { items: [] } } },
        { type: "run.state", data: { patch: [{ op: "add", path: "/items/-", value: 1 }] } },
        { type: "run.log", data: { type: "CUSTOM", data: { name: "x" } } },
      ],
      context(),
    );
    expect(plan.state.shared).toEqual({ items: [1] });
    expect(plan.log).toEqual([{ id: "log_1", source: "producer", type: "CUSTOM", data: { name: "x" } }]);
  });

  it("opens an approval gate on the latest turn, numbered after the run's earlier gates", () => {
    const begun = planIngest(empty(), [start("t1", "Writer"), token("t1", "Draft")], context()).state;
    const plan = planIngest({ ...begun, gates: 2 }, [{ type: "run.awaiting_approval", data: { timeout_s: 60 } }], context());
    expect(plan.gates).toEqual([
      expect.objectContaining({
        id: `${RUN}_g3`,
        seq: 3,
        step: 1,
        turnId: `${RUN}_t1`,
        agent: "Writer",
        proposalPreview: "Draft",
      }),
    ]);
    expect(plan.gates[0]?.timeoutAt?.getTime()).toBe(10_000 + 60_000);
    expect(plan.events[0]).toMatchObject({
      type: "run.awaiting_approval",
      data: { gate_id: `${RUN}_g3`, quorum: 1, default_action: "reject" },
    });
    expect(refusal(() => planIngest(empty(), [{ type: "run.awaiting_approval", data: {} }], context())).code).toBe(
      "validation_failed",
    );
  });

  it("refuses each broken rule with its documented error, and the state it was given stays as it was", () => {
    const begun = planIngest(empty(), [start("t1"), token("t1", "x")], context()).state;
    const snapshot = structuredClone(begun);
    const cases: [unknown[], string, RegExp][] = [
      [[token("t2", "x")], "validation_failed", /unknown turn t2/],
      [[token("t9", "x"), start("t9")], "validation_failed", /unknown turn t9/],
      [[start("t1")], "conflict", /already started/],
      [[{ type: "run.completed", data: {} }], "conflict", /still running/],
      [[{ type: "run.progress", data: {} }], "validation_failed", /not valid/],
      [[{ type: "run.state", data: { patch: [{ op: "replace", path: "/nope", value: 1 }] } }], "validation_failed", /patch/],
      [[{ type: "tool.result", data: { call_id: "nope", success: true } }], "validation_failed", /unknown tool call/],
    ];
    for (const [batch, code, message] of cases) {
      const refused = refusal(() => planIngest(begun, batch as { type: string }[], context()));
      expect(refused.code).toBe(code);
      expect(refused.message).toMatch(message);
    }
    expect(begun).toEqual(snapshot);
    const ended = planIngest(begun, [{ type: "run.failed", data: { error_type: "x", message: "y" } }], context()).state;
    expect(ended.turns[0]?.status).toBe("failed");
    expect(refusal(() => planIngest(ended, [token("t1", "late")], context()))).toMatchObject({ code: "conflict" });
  });
});
