import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { budgetFraction, costSoFar, elapsedMs, hasEnded, progressPercent, tokenTotal } from "./run-selectors";
import { applyRunEvent, type RunState } from "./run-state";
import type { RunView } from "./views";

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
      ...run,
    },
    turns: [],
    interjections: [],
    gates: [],
    comments: [],
    rights: { steer: false, comment: false, moderate: false, me: null },
    usage,
    progress: { completed_steps: 1, total_steps: 3, est_remaining_ms: null },
    budget: { warned: false, exceeded: false, spent_usd: usage.cost_usd },
    success: null,
    duration_ms: null,
    resets: 0,
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

  it("give progress as a percentage, the budget as a fraction, and the token total once reported", () => {
    expect(progressPercent(state())).toBe(33);
    expect(budgetFraction(state())).toBe(0);
    expect(budgetFraction(state({ budget_usd: 0.02 }, { input_tokens: 0, output_tokens: 0, cost_usd: 0.005 }))).toBe(0.25);
    expect(budgetFraction(state({ budget_usd: 0.02 }, { input_tokens: 0, output_tokens: 0, cost_usd: 0.05 }))).toBe(1);
    const done = state({ status: "completed", finished_at: at(1000) }, { input_tokens: 30, output_tokens: 12, cost_usd: 0.002 });
    expect(tokenTotal(done)).toBe(42);
    expect(costSoFar(done)).toBe(0.002);
    let live = applyRunEvent(
      state(),
      ev("agent.turn_started", { turn_id: "t1", agent: "A", role: "architect", model: "demo", round: 1, prompt_preview: "" }, 10),
    );
    live = applyRunEvent(live, ev("agent.token", { turn_id: "t1", agent: "A", text: "12345678" }, 20));
    expect(tokenTotal(live)).toBe(2);
  });
});
