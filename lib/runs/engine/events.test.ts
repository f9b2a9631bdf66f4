// Every event the engine emits, for every strategy and every way a run ends, parsed against its schema
// in lib/events/schemas.ts strictly: a field renamed, or added without the schema, fails here.
import { describe, expect, it, vi } from "vitest";
import { type BuiltinEventType, builtinEventSchemas } from "@/lib/events/schemas";
import { harness, type Recorded, runContext } from "@/tests/support/run-harness";
import { createDemoModel } from "../models/demo-model";
import type { CreateRunInput, Strategy } from "../schemas";
import { commentEvent, decidedEvent, noteEvent, voteEvent } from "../steering/events";
import type { Control } from "./environment";
import { runCreatedData, runToEnd } from "./lifecycle";
import { RunWait } from "./replay";

/** The run from its first event to its last, as an executor runs it. */
async function wholeRun(strategy: Strategy, input: Partial<CreateRunInput> = {}, h = harness()) {
  const ctx = runContext(strategy, input, h);
  await ctx.emit("run.created", runCreatedData(ctx.run, "ses_00000000000000000001"));
  const stopWatching = ctx.watchControls();
  try {
    return { ...h, outcome: await runToEnd(ctx, "Requested") };
  } finally {
    stopWatching();
  }
}

/** Unknown keys are rejected at the top, and dropped (so the comparison fails) anywhere below. */
function expectMatchesSchema({ type, data }: Recorded) {
  const schema = builtinEventSchemas[type];
  const parsed = schema.strict().safeParse(data);
  expect(parsed.error?.issues, `${type}: ${JSON.stringify(data).slice(0, 300)}`).toBeUndefined();
  expect(parsed.data, type).toStrictEqual(data);
}

/** Each strategy to its end, and each other way a run ends; every one returns the events it emitted. */
const scenarios: Record<string, () => Promise<Recorded[]>> = {
  "pipeline, completed": async () => completed(await wholeRun("pipeline")),
  "debate, completed": async () => completed(await wholeRun("debate", { rounds: 2 })),
  "race, completed": async () => completed(await wholeRun("race")),
  "a run that spends its budget: warned, exceeded, failed": async () => {
    const { events, outcome } = await wholeRun("pipeline", { budget_usd: 0.0015 });
    expect(outcome).toMatchObject({ status: "failed", errorType: "budget_exceeded" });
    return events;
  },
  "a gated run: it waits, is redirected with a note read, and waits again": gatedRun,
  "a run paused, resumed, then cancelled mid-turn": async () => {
    let control: Control = null;
    const h = harness({ model: (id) => createDemoModel(id, { tokenMs: 1 }), control: () => control });
    const pending = wholeRun("pipeline", { agents: ["Architect", "Coder", "Reviewer"] }, h);
    const wait = { timeout: 10_000, interval: 5 };
    await vi.waitFor(() => expect(h.events.some((e) => e.type === "agent.token")).toBe(true), wait);
    control = "pause";
    await vi.waitFor(() => expect(h.events.some((e) => e.type === "run.paused")).toBe(true), wait);
    control = null;
    await vi.waitFor(() => expect(h.events.filter((e) => e.type === "agent.turn_started").length).toBe(2), wait);
    control = "cancel";
    const { events, outcome } = await pending;
    expect(outcome.status).toBe("cancelled");
    return events;
  },
};

/** A gated run: it stops at its first gate, is picked up with the gate redirected, and stops at the next. */
async function gatedRun(): Promise<Recorded[]> {
  const input = { agents: ["Architect", "Coder"], approval: "each_step" as const };
  const first = harness({ notes: () => [{ id: "note_1", displayName: "Ada", content: "Use SQLite", to: null }] });
  await expect(wholeRun("pipeline", input, first)).rejects.toBeInstanceOf(RunWait);
  const history = {
    turns: [...first.turns.values()],
    gates: first.gates.map((g) => ({
      id: `run_test_g${g.seq}`,
      seq: g.seq,
      turnId: g.turn.id,
      decision: "redirect" as const,
      note: "Shorter",
    })),
  };
  const second = harness();
  const ctx = runContext("pipeline", input, second, history);
  await expect(runToEnd(ctx, "Requested")).rejects.toBeInstanceOf(RunWait);
  return [...first.events, ...second.events];
}

function completed(run: Awaited<ReturnType<typeof wholeRun>>): Recorded[] {
  expect(run.outcome.status).toBe("completed");
  return run.events;
}

describe("every event Parley's engine emits matches its schema exactly", () => {
  it.each(Object.keys(scenarios))("%s", async (name) => {
    const events = await scenarios[name]!();
    for (const e of events) expectMatchesSchema(e);
  });

  it("the scenarios cover every type the engine emits", async () => {
    const runs = await Promise.all(Object.values(scenarios).map((scenario) => scenario()));
    expect(new Set(runs.flat().map((e) => e.type))).toEqual(
      new Set<BuiltinEventType>([
        "run.created",
        "run.strategy_selected",
        "run.started",
        "run.progress",
        "run.paused",
        "run.resumed",
        "run.budget_warning",
        "run.budget_exceeded",
        "run.completed",
        "run.failed",
        "run.cancelled",
        "step",
        "agent.turn_started",
        "agent.token",
        "agent.turn_completed",
        "agent.turn_failed",
        "tool.invoked",
        "tool.result",
        "verification",
        "run.awaiting_approval",
        "agent.turn_superseded",
      ]),
    );
  });
});

describe("every event people's steering publishes matches its schema exactly", () => {
  const at = new Date(0).toISOString();
  const note = { id: "note_1", author: "u_1", display_name: "Ada", content: "Use SQLite", to: null, created_at: at };
  const comment = {
    id: "cmt_1",
    author: "u_2",
    display_name: "Bo",
    content: "Nice",
    anchor: { turn_id: "run_x_t1" },
    created_at: at,
  };
  const events: Recorded[] = [
    { type: "run.interjection", data: noteEvent(note) },
    { type: "run.interjection", data: noteEvent({ ...note, to: "Coder" }) },
    { type: "run.gate_vote", data: voteEvent("run_x_g1", { id: "u_1", displayName: "Ada" }, "redirect") },
    {
      type: "run.gate_decided",
      data: decidedEvent("run_x_g1", { decision: "redirect", voters: ["u_1"], note: "Shorter" }, false),
    },
    { type: "run.gate_decided", data: decidedEvent("run_x_g2", { decision: "approve", voters: [], note: null }, true) },
    { type: "run.comment", data: commentEvent(comment) },
    { type: "run.comment", data: commentEvent({ ...comment, anchor: { event_id: "1-0" } }) },
    { type: "run.comment_deleted", data: { id: "cmt_1" } },
  ];
  it.each(events.map((e) => [e.type, e] as const))("%s", (_type, e) => expectMatchesSchema(e));
});
