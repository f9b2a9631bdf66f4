import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import type { RunSnapshot } from "@/lib/runs/views";
import { lanes, runUsage } from "./run-selectors";
import { applyRunEvent, fromSnapshot } from "./run-state";

let n = 0;
const ev = (type: string, data: Record<string, unknown>): Envelope => ({
  id: `${++n}-0`,
  channel: "run:x",
  type,
  ts: new Date(1000 * n).toISOString(),
  data,
});

const snapshot = (): RunSnapshot => ({
  run: {
    run_id: "run_x",
    task: "t",
    strategy: "debate",
    strategy_reason: "r",
    status: "running",
    agents: [
      { name: "Pro", role: "debater", model: "demo" },
      { name: "Con", role: "debater", model: "demo" },
      { name: "Judge", role: "judge", model: "demo" },
    ],
    rounds: 1,
    budget_usd: null,
    max_tokens: null,
    session_id: null,
    demo: true,
    created_at: new Date(0).toISOString(),
    started_at: new Date(0).toISOString(),
    finished_at: null,
    summary: null,
    verdict: null,
    error: null,
    forked_from: null,
  },
  turns: [
    {
      turn_id: "t1",
      seq: 1,
      agent: "Pro",
      role: "debater",
      model: "demo",
      round: 1,
      status: "completed",
      prompt_preview: "",
      text: "Pro's full argument.",
      input_tokens: 10,
      output_tokens: 5,
      cost_usd: 0.001,
      latency_ms: 100,
      tools: [],
      error: null,
      interjections: [],
      reasoning: "",
      inherited: false,
      inherited_from: null,
      started_at: new Date(0).toISOString(),
      finished_at: new Date(0).toISOString(),
    },
  ],
  usage: { input_tokens: 10, output_tokens: 5, cost_usd: 0.001 },
  progress: { completed_steps: 1, total_steps: 3 },
  last_event_id: "5-0",
  forked_from: null,
  forks: [],
  interjections: [],
  gates: [],
  comments: [],
  watchers: { participants: [], others: 0 },
  state: null,
  log: [],
  rights: { steer: false, vote: false, control: false, comment: false, moderate: false, me: null, joined_at: null },
  prices: { demo: { input: 1, output: 4 } },
});

describe("run page state", () => {
  it("rebuilds from the snapshot plus a replay from the first event without doubling text", () => {
    let s = fromSnapshot(snapshot());
    // The whole run replayed: the finished turn's tokens are ignored, the running one fills in.
    for (const e of [
      ev("agent.turn_started", { turn_id: "t1", agent: "Pro", role: "debater", model: "demo", round: 1, prompt_preview: "" }),
      ev("agent.token", { turn_id: "t1", agent: "Pro", text: "Pro's full " }),
      ev("agent.token", { turn_id: "t1", agent: "Pro", text: "argument." }),
      ev("agent.turn_completed", {
        turn_id: "t1",
        agent: "Pro",
        model: "demo",
        text: "Pro's full argument.",
        input_tokens: 10,
        output_tokens: 5,
        cost_usd: 0.001,
        latency_ms: 100,
      }),
      ev("agent.turn_started", { turn_id: "t2", agent: "Con", role: "debater", model: "demo", round: 1, prompt_preview: "" }),
      ev("agent.token", { turn_id: "t2", agent: "Con", text: "Con says " }),
      ev("agent.token", { turn_id: "t2", agent: "Con", text: "no" }),
    ]) {
      s = applyRunEvent(s, e);
    }
    expect(s.turns.map((t) => [t.turn_id, t.status, t.text])).toEqual([
      ["t1", "completed", "Pro's full argument."],
      ["t2", "running", "Con says no"],
    ]);
    const usage = runUsage(s);
    expect(usage.input_tokens + usage.output_tokens).toBe(15 + Math.ceil("Con says no".length / 4));
    expect(lanes(s).map((l) => [l.agent, l.turns.length])).toEqual([
      ["Pro", 1],
      ["Con", 1],
      ["Judge", 0],
    ]);
  });

  it("a snapshot holding a running turn's text so far, then the replay: tokens with offsets fill in, never twice", () => {
    const base = snapshot();
    const [done] = base.turns;
    if (!done) throw new Error("the fixture has a turn");
    const running = { ...done, turn_id: "t2", seq: 2, agent: "Con", status: "running" as const, text: "Con says n" };
    let s = fromSnapshot({ ...base, turns: [...base.turns, running] });
    for (const e of [
      ev("agent.token", { turn_id: "t2", agent: "Con", text: "Con says ", offset: 0 }),
      ev("agent.token", { turn_id: "t2", agent: "Con", text: "no, ", offset: 9 }),
      ev("agent.token", { turn_id: "t2", agent: "Con", text: "never.", offset: 13 }),
      ev("agent.token", { turn_id: "t2", agent: "Con", text: "never.", offset: 13 }),
      ev("agent.reasoning", { turn_id: "t2", agent: "Con", text: "Hmm", offset: 0 }),
      ev("agent.reasoning", { turn_id: "t2", agent: "Con", text: "Hmm", offset: 0 }),
      ev("run.state", { state: { phase: "debating" } }),
      ev("run.log", { id: "log_1", source: "ag-ui", type: "CUSTOM", data: { name: "x" } }),
      ev("run.log", { id: "log_1", source: "ag-ui", type: "CUSTOM", data: { name: "x" } }),
    ]) {
      s = applyRunEvent(s, e);
    }
    expect(s.turns[1]).toMatchObject({ text: "Con says no, never.", reasoning: "Hmm" });
    expect(s.shared).toEqual({ phase: "debating" });
    expect(s.log.map((l) => l.id)).toEqual(["log_1"]);
  });

  it("attaches tools to their turn, and records verdicts, budgets and the end", () => {
    let s = fromSnapshot(snapshot());
    s = applyRunEvent(s, ev("tool.invoked", { call_id: "t1_tool1", tool: "code_check", input: {} }));
    s = applyRunEvent(
      s,
      ev("tool.result", {
        call_id: "t1_tool1",
        tool: "code_check",
        success: true,
        output_preview: "1 code block",
        latency_ms: 1,
      }),
    );
    expect(s.turns[0]?.tools).toEqual([
      { call_id: "t1_tool1", tool: "code_check", input: {}, success: true, output_preview: "1 code block", latency_ms: 1 },
    ]);
    s = applyRunEvent(s, ev("verification", { passed: true, verdict: "VERDICT: PASS", score: 8 }));
    s = applyRunEvent(s, ev("run.budget_warning", { spent_usd: 0.8, limit_usd: 1 }));
    s = applyRunEvent(
      s,
      ev("run.completed", {
        success: true,
        summary: "Done",
        usage: { input_tokens: 30, output_tokens: 20, cost_usd: 0.002 },
        duration_ms: 1234,
      }),
    );
    expect(s.run).toMatchObject({ status: "completed", summary: "Done", verdict: { passed: true, score: 8 } });
    expect(s).toMatchObject({
      success: true,
      duration_ms: 1234,
      budget: { warned: true, exceeded: false },
      usage: { cost_usd: 0.002 },
    });
  });

  it("marks cancelled and failed turns", () => {
    let s = fromSnapshot(snapshot());
    s = applyRunEvent(
      s,
      ev("agent.turn_started", { turn_id: "t2", agent: "Con", role: "debater", model: "demo", round: 1, prompt_preview: "" }),
    );
    s = applyRunEvent(
      s,
      ev("agent.turn_failed", { turn_id: "t2", agent: "Con", error_type: "cancelled", message: "Pro answered first" }),
    );
    expect(s.turns[1]).toMatchObject({ status: "cancelled", error: "Pro answered first" });
    s = applyRunEvent(s, ev("run.failed", { error_type: "provider_error", message: "boom" }));
    expect(s.run).toMatchObject({ status: "failed", error: { error_type: "provider_error", message: "boom" } });
  });

  it("ignores events of other types, and events whose data does not match their type's schema", () => {
    const s = fromSnapshot(snapshot());
    for (const e of [
      ev("ingest.job.updated", { turn_id: "t1", text: "not a run event" }),
      ev("agent.turn_started", { turn_id: "t9", agent: "Con", role: "debater", model: "demo", prompt_preview: "" }),
      ev("agent.token", { turn_id: "t1", agent: "Pro", text: 42 }),
      ev("run.progress", { completed_steps: "2", total_steps: 3, est_remaining_ms: null, cost_usd: 0 }),
      ev("run.completed", { success: true, summary: "Done" }),
    ]) {
      expect(applyRunEvent(s, e)).toBe(s);
    }
  });

  it("keeps where a fork came from, and a source's forks (each once)", () => {
    const forked = { run_id: "run_f", forked_from: { run_id: "run_x", turn_id: "t1" }, inherited_turns: 1, by: null };
    const first = ev("run.forked", forked);
    let s = applyRunEvent(fromSnapshot(snapshot()), first);
    s = applyRunEvent(s, ev("run.forked", forked));
    expect(s.forks).toEqual([{ run_id: "run_f", turn_id: "t1", status: "queued", created_at: first.ts }]);
    const fork = applyRunEvent(
      fromSnapshot({ ...snapshot(), run: { ...snapshot().run, run_id: "run_f" } }),
      ev("run.forked", forked),
    );
    expect(fork.run.forked_from).toEqual({ run_id: "run_x", turn_id: "t1" });
    expect(fork.forks).toEqual([]);
    const started = {
      turn_id: "t9",
      agent: "Pro",
      role: "debater",
      model: "demo",
      round: 1,
      prompt_preview: "",
      inherited_from: "t0",
    };
    const inherited = applyRunEvent(s, ev("agent.turn_started", started));
    expect(inherited.turns.at(-1)).toMatchObject({ turn_id: "t9", inherited: true, inherited_from: "t0" });
  });
});
