import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { priceTable } from "@/lib/runs/models/pricing";
import { checkCaps, type RunCaps, rowBytes } from "./caps";
import { planIngest } from "./lifecycle";
import type { ExternalRunState } from "./plan-types";

const RUN = "run_0mwqsm4b90000h4xggwaaaaaaaaaa";
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
const caps: RunCaps = { events: 10, logEntries: 3, bytes: 10_000 };
const nothingHeld = { events: 0, logEntries: 0, logBytes: 0 };

function check(before: ExternalRunState, items: { type: string; data?: unknown }[], held = nothingHeld) {
  let n = 0;
  const plan = planIngest(before, items, { now: 1000, prices: priceTable(), newLogId: () => `log_${++n}` });
  return { plan, holdings: () => checkCaps({ held, before, cursorBefore: null, plan, cursorAfter: undefined, items }, caps) };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected a refusal");
}

const log = (text: string) => ({ type: "run.log", data: { type: "raw", data: { text } } });

describe("an external run's caps", () => {
  it("counts what a batch adds, and refuses the batch that would cross the events cap", () => {
    const items = Array.from({ length: 3 }, (_, i) => log(`entry ${i}`));
    const { holdings } = check(empty(), items);
    expect(holdings()).toMatchObject({ events: 3, logEntries: 3 });
    expect(holdings().logBytes).toBeGreaterThan(0);
    const steps = Array.from({ length: 4 }, (_, i) => ({ type: "step", data: { step: i, description: "x" } }));
    expect(refusal(check(empty(), steps, { ...nothingHeld, events: 7 }).holdings)).toMatch(
      /^payload_too_large: .*at most 10 events \(PARLEY_EXTERNAL_MAX_EVENTS\); it has 7/,
    );
  });

  it("refuses log entries past their cap", () => {
    expect(refusal(check(empty(), [log("a"), log("b")], { ...nothingHeld, logEntries: 2 }).holdings)).toMatch(
      /at most 3 log entries \(PARLEY_EXTERNAL_MAX_LOG_ENTRIES\)/,
    );
  });

  it("measures the bytes turns hold, and refuses the batch that would take the run past its bytes", () => {
    const started = { type: "agent.turn_started", data: { turn_id: "t1", agent: "A" } };
    const first = check(empty(), [started, { type: "agent.token", data: { turn_id: "t1", text: "x".repeat(6000) } }]);
    first.holdings();
    const state = first.plan.state;
    expect(rowBytes(state, null)).toBeGreaterThanOrEqual(6000);
    const more = { type: "agent.token", data: { turn_id: "t1", text: "y".repeat(5000) } };
    expect(refusal(check(state, [more], { ...nothingHeld, events: 2 }).holdings)).toMatch(
      /stores at most 10000 bytes \(PARLEY_EXTERNAL_MAX_BYTES\)/,
    );
  });

  it("lets a run at its caps still end its turns and itself", () => {
    const started = { type: "agent.turn_started", data: { turn_id: "t1", agent: "A" } };
    const full = check(empty(), [started, { type: "agent.token", data: { turn_id: "t1", text: "z".repeat(9900) } }]).plan.state;
    const ending = [
      { type: "agent.turn_completed", data: { turn_id: "t1" } },
      { type: "run.completed", data: {} },
    ];
    expect(check(full, ending, { events: 10, logEntries: 3, logBytes: 500 }).holdings()).toMatchObject({ events: 10 });
  });
});
