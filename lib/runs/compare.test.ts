import { describe, expect, it } from "vitest";
import { queuedSnapshot } from "@/tests/support/cli-run-fixtures";
import { compareRuns, orderPair } from "./compare";
import type { RunSnapshot, TurnView } from "./views";

function turn(seq: number, agent: string, text: string, extra: Partial<TurnView> = {}): TurnView {
  return {
    turn_id: `t${seq}`,
    seq,
    agent,
    role: agent.toLowerCase(),
    model: "demo",
    round: 1,
    status: "completed",
    prompt_preview: "",
    text,
    input_tokens: 10 * seq,
    output_tokens: seq,
    cost_usd: 0.001 * seq,
    latency_ms: 5,
    tools: [],
    error: null,
    interjections: [],
    reasoning: "",
    inherited: false,
    inherited_from: null,
    started_at: new Date(0).toISOString(),
    finished_at: new Date(0).toISOString(),
    ...extra,
  };
}

const source: RunSnapshot = {
  ...queuedSnapshot({ run_id: "run_src", status: "completed", verdict: { passed: true, verdict: "PASS" } }),
  turns: [turn(1, "Architect", "Plan A."), turn(2, "Coder", "Code in memory."), turn(3, "Reviewer", "Looks fine.")],
};
const base = queuedSnapshot({
  run_id: "run_fork",
  status: "completed",
  verdict: { passed: false, verdict: "FAIL" },
  forked_from: { run_id: "run_src", turn_id: "t2" },
});
const fork: RunSnapshot = {
  ...base,
  forked_from: base.run.forked_from,
  turns: [
    turn(1, "Architect", "Plan A.", { turn_id: "f1", inherited: true, inherited_from: "t1" }),
    turn(2, "Coder", "Code in Redis.", { turn_id: "f2", cost_usd: 0.01 }),
    turn(3, "Reviewer", "Looks fine.", { turn_id: "f3" }),
  ],
};

describe("comparing a run and its fork", () => {
  it("puts them side by side from the fork point, lane by lane, with the text's differences", () => {
    const c = compareRuns(source, fork);
    expect(c.at).toEqual({ turn_id: "t2", agent: "Coder", seq: 2 });
    expect(c.inherited).toBe(1);
    expect(c.lanes.map((l) => l.agent)).toEqual(["Coder", "Reviewer"]);
    const coder = c.lanes[0];
    expect(coder?.diff).toEqual([
      { op: "same", text: "Code in " },
      { op: "removed", text: "memory." },
      { op: "added", text: "Redis." },
    ]);
    expect(c.lanes[1]?.diff).toEqual([{ op: "same", text: "Looks fine." }]);
    // Only the turns from the fork point count: the inherited Architect was not billed to the fork.
    expect(c.source.usage).toEqual({ input_tokens: 50, output_tokens: 5, cost_usd: 0.005 });
    expect(c.fork.usage.cost_usd).toBeCloseTo(0.013, 6);
    expect([c.source.verdict?.passed, c.fork.verdict?.passed]).toEqual([true, false]);
  });

  it("tells the source from the fork whichever order they come in, and nothing for unrelated runs", () => {
    expect(orderPair(fork, source)).toEqual({ source, fork });
    expect(orderPair(source, fork)).toEqual({ source, fork });
    expect(orderPair(source, source)).toBeNull();
  });

  it("shows a lane only one of them has", () => {
    const other = { ...fork, turns: [...fork.turns, turn(4, "Documenter", "Docs.", { turn_id: "f4" })] };
    const docs = compareRuns(source, other).lanes.at(-1);
    expect(docs).toMatchObject({ agent: "Documenter", source: null, fork: { text: "Docs.", turns: 1 } });
    expect(docs?.diff).toEqual([{ op: "added", text: "Docs." }]);
  });
});
