import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import type { RunView } from "../views";
import {
  budgetFraction,
  costSoFar,
  elapsedMs,
  hasEnded,
  lanes,
  progressPercent,
  rejectedAtGate,
  runUsage,
  stoppedByBudget,
  turnUsage,
  watchingNow,
} from "./run-selectors";
import { applyRunEvent, type RunState } from "./run-state";

const T0 = Date.parse("2026-11-21T12:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const ev = (type: string, data: unknown, ms: number): Envelope => ({
  id: `${T0 + ms}-0`,
  channel: "run:x",
  type,
  ts: at(ms),
  data,
});

function state(run: Partial<RunView> = {}, usage = { input_tokens: 0, output_tokens: 0, cost_usd: 0 }): RunState {
  return {
    run: {
      run_id: "run_x",
      task: "t",
      strategy: "pipeline",
      strategy_reason: "r",
      status: "running",
      agents: [{ name: "A", role: "architect", model: "demo" }],
      rounds: 1,
      budget_usd: null,
      max_tokens: null,
      session_id: null,
      demo: true,
      created_at: at(0),
      started_at: at(0),
      finished_at: null,
      summary: null,
      verdict: null,
      error: null,
      forked_from: null,
      ...run,
    },
    turns: [],
    notes: [],
    gates: [],
    comments: [],
    watchers: { participants: [], others: 0 },
    rights: { steer: false, vote: false, control: false, comment: false, moderate: false, me: null, joined_at: null },
    usage,
    progress: { completed_steps: 1, total_steps: 3, est_remaining_ms: null },
    budget: { warned: false, exceeded: false, spent_usd: usage.cost_usd },
    success: null,
    duration_ms: null,
    paused: { since: null, total_ms: 0 },
    resets: 0,
    shared: null,
    log: [],
    prices: { demo: { input: 1, output: 4 } },
    forks: [],
  };
}

describe("run selectors", () => {
  it("count elapsed time in server time while the run goes, and its own duration once it reported one", () => {
    expect(elapsedMs(state({ started_at: null }), T0 + 5000, null)).toBeNull();
    // This machine's clock is 60 s ahead of the server's.
    expect(elapsedMs(state(), T0 + 60_000 + 4200, 60_000)).toBe(4200);
    expect(elapsedMs(state(), T0 + 4200, null)).toBe(4200);
    // A clock behind the server's never makes time negative.
    expect(elapsedMs(state(), T0 - 3000, null)).toBe(0);
    const completed = applyRunEvent(
      state(),
      ev(
        "run.completed",
        { success: true, summary: "s", usage: { input_tokens: 3, output_tokens: 4, cost_usd: 0.01 }, duration_ms: 2600 },
        2700,
      ),
    );
    expect(hasEnded(completed)).toBe(true);
    expect(elapsedMs(completed, T0 + 999_999, 60_000)).toBe(2600);
    // A run that failed reports no duration: from its start to its end.
    const failed = applyRunEvent(state(), ev("run.failed", { error_type: "timeout", message: "m" }, 1500));
    expect(elapsedMs(failed, T0 + 999_999, 60_000)).toBe(1500);
  });

  it("give an agent the run did not declare (an external producer's) a lane at its first turn", () => {
    const started = applyRunEvent(
      state(),
      ev(
        "agent.turn_started",
        {
          turn_id: "t1",
          agent: "Researcher",
          role: "assistant",
          model: "ag-ui",
          round: 0,
          prompt_preview: "",
        },
        100,
      ),
    );
    expect(lanes(started).map((l) => [l.agent, l.role, l.turns.length])).toEqual([
      ["A", "architect", 0],
      ["Researcher", "assistant", 1],
    ]);
  });

  it("give progress as a percentage, the budget as a fraction, and the tokens in and out once reported", () => {
    expect(progressPercent(state())).toBe(33);
    expect(budgetFraction(state())).toBe(0);
    expect(budgetFraction(state({ budget_usd: 0.02 }, { input_tokens: 0, output_tokens: 0, cost_usd: 0.005 }))).toBe(0.25);
    expect(budgetFraction(state({ budget_usd: 0.02 }, { input_tokens: 0, output_tokens: 0, cost_usd: 0.05 }))).toBe(1);
    const done = state({ status: "completed", finished_at: at(1000) }, { input_tokens: 30, output_tokens: 12, cost_usd: 0.002 });
    expect(runUsage(done)).toEqual({ input_tokens: 30, output_tokens: 12, cost_usd: 0.002, estimated: false });
    expect(costSoFar(done)).toBe(0.002);
    let live = applyRunEvent(
      state(),
      ev("agent.turn_started", { turn_id: "t1", agent: "A", role: "architect", model: "demo", round: 1, prompt_preview: "" }, 10),
    );
    live = applyRunEvent(live, ev("agent.token", { turn_id: "t1", agent: "A", text: "12345678" }, 20));
    expect(runUsage(live)).toMatchObject({ input_tokens: 0, output_tokens: 2, estimated: true });
  });

  it("estimate a streaming turn's cost at its model's price, and take the provider's figures when it ends", () => {
    const turn = (id: string, ms: number) =>
      ev("agent.turn_started", { turn_id: id, agent: "A", role: "architect", model: "demo", round: 1, prompt_preview: "" }, ms);
    const completed = (id: string, usage: { input_tokens: number; output_tokens: number; cost_usd: number }, ms: number) =>
      ev("agent.turn_completed", { turn_id: id, agent: "A", model: "demo", text: "x", latency_ms: 10, ...usage }, ms);
    let started = applyRunEvent(state(), turn("t0", 1));
    started = applyRunEvent(started, completed("t0", { input_tokens: 300, output_tokens: 100, cost_usd: 0.0007 }, 5));
    started = applyRunEvent(started, turn("t1", 10));
    const streamed = (chars: number) =>
      applyRunEvent(started, ev("agent.token", { turn_id: "t1", agent: "A", text: "x".repeat(chars), offset: 0 }, 20));
    // 139 tokens streamed at the demo model's $4 per million output tokens: the cost moves while it streams.
    const early = streamed(556);
    const streaming = early.turns[1];
    if (!streaming) throw new Error("no streaming turn");
    expect(turnUsage(early, streaming)).toMatchObject({ output_tokens: 139, estimated: true });
    expect(turnUsage(early, streaming).cost_usd).toBeCloseTo(139 * 4e-6, 12);
    expect(runUsage(early).cost_usd).toBeCloseTo(0.0007 + 139 * 4e-6, 12);
    expect(runUsage(streamed(1112)).cost_usd).toBeGreaterThan(runUsage(early).cost_usd);
    // The run's figures are the sum of what its lanes show: the finished turn plus the streaming one.
    expect(runUsage(early)).toMatchObject({ input_tokens: 300, output_tokens: 239, estimated: true });
    const done = applyRunEvent(early, completed("t1", { input_tokens: 50, output_tokens: 140, cost_usd: 0.00061 }, 30));
    expect(runUsage(done)).toMatchObject({ input_tokens: 350, output_tokens: 240, estimated: false });
    expect(runUsage(done).cost_usd).toBeCloseTo(0.0007 + 0.00061, 12);
    // A model the price table does not know costs nothing, estimated or not.
    expect(turnUsage({ prices: {} }, { ...streaming, model: "ollama:llama3" }).cost_usd).toBe(0);
  });
});

describe("what the run page shows when a run pauses, is cancelled or reaches its budget", () => {
  it("stops the clock while paused and counts on after resuming", () => {
    let s = applyRunEvent(state(), ev("run.paused", {}, 2000));
    expect(elapsedMs(s, T0 + 9000, null)).toBe(2000);
    expect(elapsedMs(s, T0 + 60_000, null)).toBe(2000);
    s = applyRunEvent(s, ev("run.resumed", {}, 7000));
    expect(elapsedMs(s, T0 + 8000, null)).toBe(3000);
    // A second pause, then the run is cancelled while paused: the pause ends with it.
    s = applyRunEvent(s, ev("run.paused", {}, 9000));
    s = applyRunEvent(s, ev("run.cancelled", { reason: "stop" }, 12_000));
    expect(elapsedMs(s, T0 + 99_000, null)).toBe(4000);
  });

  it("counts a cancelled turn's partial text and the run's reported usage after a cancel", () => {
    let s = applyRunEvent(
      state(),
      ev(
        "agent.turn_started",
        { turn_id: "t1", agent: "A", role: "architect", model: "demo", round: 1, prompt_preview: "" },
        100,
      ),
    );
    s = applyRunEvent(s, ev("agent.token", { turn_id: "t1", agent: "A", text: "x".repeat(400) }, 200));
    const stopped = applyRunEvent(
      s,
      ev("agent.turn_failed", { turn_id: "t1", agent: "A", error_type: "cancelled", message: "m" }, 300),
    );
    // An older server that reports no usage: estimated from the text, like a streaming turn.
    expect(stopped.turns[0]).toMatchObject({ status: "cancelled", output_tokens: 100 });
    const reported = applyRunEvent(
      s,
      ev(
        "agent.turn_failed",
        {
          turn_id: "t1",
          agent: "A",
          error_type: "cancelled",
          message: "m",
          input_tokens: 20,
          output_tokens: 100,
          cost_usd: 0.0004,
        },
        300,
      ),
    );
    expect(reported.turns[0]).toMatchObject({ input_tokens: 20, output_tokens: 100, cost_usd: 0.0004 });
    const cancelled = applyRunEvent(
      reported,
      ev("run.cancelled", { reason: "stop", usage: { input_tokens: 20, output_tokens: 100, cost_usd: 0.0004 } }, 400),
    );
    expect(runUsage(cancelled)).toMatchObject({ input_tokens: 20, output_tokens: 100 });
    expect(costSoFar(cancelled)).toBe(0.0004);
  });

  it("fills the budget bar once the budget was reached, and says why the run stopped", () => {
    let s = state({ budget_usd: 0.001 }, { input_tokens: 0, output_tokens: 0, cost_usd: 0.0005 });
    expect(budgetFraction(s)).toBe(0.5);
    s = applyRunEvent(s, ev("run.budget_exceeded", { spent_usd: 0.001, limit_usd: 0.001 }, 500));
    expect(budgetFraction(s)).toBe(1);
    s = applyRunEvent(
      s,
      ev("run.failed", { error_type: "budget_exceeded", message: "The run reached its budget of $0.001" }, 600),
    );
    expect(stoppedByBudget(s)).toBe(true);
    expect(s.run.error).toEqual({ error_type: "budget_exceeded", message: "The run reached its budget of $0.001" });
    expect(stoppedByBudget(applyRunEvent(state(), ev("run.failed", { error_type: "timeout", message: "m" }, 600)))).toBe(false);
  });
});

describe("who is watching now", () => {
  const olga = { user_id: "u_olga", display_name: "Olga" };
  const eddie = { user_id: "u_eddie", display_name: "Eddie" };
  const watched = (participants: (typeof olga)[], others: number, run: Partial<RunView> = {}) =>
    applyRunEvent(state({ status: "running", ...run }), ev("run.watchers", { participants, others }, 10));

  it("names the session's people (you as you) and counts everyone else; the latest picture wins", () => {
    expect(watchingNow(watched([olga, eddie], 2), "u_eddie")).toBe("Olga, you and 2 others");
    expect(watchingNow(watched([olga], 1), null)).toBe("Olga and 1 other");
    expect(watchingNow(watched([olga], 0), "u_olga")).toBe("you");
    const later = applyRunEvent(watched([olga, eddie], 2), ev("run.watchers", { participants: [eddie], others: 0 }, 20));
    expect(watchingNow(later, null)).toBe("Eddie");
  });

  it("counts a run outside a session, and says nothing once the run is over or nobody is counted", () => {
    expect(watchingNow(watched([], 3), null)).toBe("3 people");
    expect(watchingNow(watched([], 0), null)).toBeNull();
    expect(watchingNow(watched([olga], 2, { status: "completed" }), null)).toBeNull();
  });
});

describe("a run rejected at a gate", () => {
  it("says so once it is cancelled with a rejected gate, and only then", () => {
    const gate = {
      gate_id: "run_x_g1",
      step: 1,
      agent: "A",
      turn_id: "run_x_t1",
      proposal_preview: "",
      quorum: 1,
      timeout_at: null,
      default_action: "approve" as const,
      opened_at: at(4),
      decision: "reject" as const,
      note: null,
      decided_at: at(5),
      votes: [],
    };
    expect(rejectedAtGate({ ...state({ status: "cancelled" }), gates: [gate] })).toBe(true);
    expect(rejectedAtGate({ ...state({ status: "cancelled" }), gates: [] })).toBe(false);
    expect(rejectedAtGate({ ...state({ status: "cancelled" }), gates: [{ ...gate, decision: "approve" }] })).toBe(false);
  });
});
