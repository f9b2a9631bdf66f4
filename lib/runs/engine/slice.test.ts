// A run driven in slices, each on a fresh RunContext from the stored history (as the continuation
// endpoint drives it), tells the same story as the run driven whole: every event once, in order, no turn
// run twice — budgets and pauses included.
import { describe, expect, it } from "vitest";
import { harness, runContext } from "@/tests/support/run-harness";
import { story } from "@/tests/support/run-story";
import type { CreateRunInput, Strategy } from "../schemas";
import type { Control } from "./environment";
import { runToEnd } from "./lifecycle";
import type { RunHistory } from "./replay";
import { RunHandOff } from "./slice";

function whole(strategy: Strategy, input: Partial<CreateRunInput>) {
  const h = harness();
  return runToEnd(runContext(strategy, input, h), "test").then(() => h);
}

/** Drives the run one slice at a time (slice: `sliceMs`), each slice on a new context; counts the hand-offs. */
async function sliced(strategy: Strategy, input: Partial<CreateRunInput>, sliceMs: number, control?: () => Control) {
  const h = harness({ control });
  let handOffs = 0;
  let paused = false;
  for (;;) {
    const history: RunHistory | null =
      handOffs === 0 ? null : { turns: [...h.turns.values()].sort((a, b) => a.seq - b.seq), gates: [] };
    const ctx = runContext(strategy, input, h, history);
    const control_ = control?.() ?? null;
    if (control_) ctx.applyControl(control_);
    if (paused) ctx.carryPause();
    ctx.driveFor(sliceMs);
    const stopWatching = ctx.watchControls();
    try {
      await runToEnd(ctx, "test");
      return { ...h, handOffs };
    } catch (error) {
      if (!(error instanceof RunHandOff)) throw error;
      handOffs++;
      paused = h.statuses.at(-1) === "paused";
    } finally {
      stopWatching();
    }
  }
}

describe("a run driven in slices", () => {
  it("hands on at each step boundary once its slice is over, and tells the whole run's story once", async () => {
    const input = { rounds: 3, seed: 11 };
    const reference = await whole("debate", input);
    const h = await sliced("debate", input, 0);
    // A slice of 0 ms still moves the run on one step: 2 debaters × 3 rounds + the judge = 7 steps, 6 hand-offs.
    expect(h.handOffs).toBe(6);
    expect(story(h.events)).toEqual(story(reference.events));
    expect([...h.turns.values()].map((t) => [t.seq, t.status])).toEqual(
      [...reference.turns.values()].map((t) => [t.seq, t.status]),
    );
    expect(h.outcomes).toEqual(reference.outcomes);
  }, 30_000);

  it("replays the code check and the verdict without publishing them again (a pipeline)", async () => {
    const reference = await whole("pipeline", {});
    const h = await sliced("pipeline", {}, 0);
    expect(h.handOffs).toBe(4);
    expect(story(h.events)).toEqual(story(reference.events));
  }, 30_000);

  it("warns of the budget once, though the slices after the warning count the spending again", async () => {
    const input = { rounds: 4, seed: 3 };
    const spent = (await whole("debate", input)).events.find((e) => e.type === "run.completed")?.data.usage as {
      cost_usd: number;
    };
    // 80 % of this budget is reached before the last turns: slices after the warning replay past it.
    const budgeted = { ...input, budget_usd: Number((spent.cost_usd / 0.97).toFixed(6)) };
    const reference = await whole("debate", budgeted);
    const types = reference.events.map((e) => e.type);
    expect(types.filter((t) => t === "run.budget_warning")).toHaveLength(1);
    expect(types.slice(types.indexOf("run.budget_warning")).filter((t) => t === "agent.turn_started").length).toBeGreaterThan(0);
    expect(types.at(-1)).toBe("run.completed");
    const h = await sliced("debate", budgeted, 0);
    expect(story(h.events)).toEqual(story(reference.events));
  }, 60_000);

  it("paused past its slice, is handed on while it waits, and says paused and resumed once each", async () => {
    let control: Control = "pause";
    setTimeout(() => {
      control = null;
    }, 400);
    const h = await sliced("pipeline", { agents: ["Architect", "Coder"] }, 50, () => control);
    expect(h.handOffs).toBeGreaterThanOrEqual(3);
    const types = h.events.map((e) => e.type);
    expect(types.filter((t) => t === "run.paused")).toHaveLength(1);
    expect(types.filter((t) => t === "run.resumed")).toHaveLength(1);
    expect(types.at(-1)).toBe("run.completed");
    expect(h.statuses).toEqual(["paused", "running"]);
  });
});
