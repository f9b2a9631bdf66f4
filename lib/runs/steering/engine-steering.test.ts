// The engine's side of steering, on the demo model and no database: notes read once per agent's next
// turn, gates that stop the run and replay their decisions, and a run picked up again after its
// instance died mid-turn.
import { describe, expect, it } from "vitest";
import { harness, runContext } from "@/tests/support/run-harness";
import { runCreatedData, runToEnd } from "../engine/lifecycle";
import { type RunHistory, RunWait } from "../engine/replay";
import type { CreateRunInput } from "../schemas";
import type { Note } from "./notes-in-prompt";
import type { GateDecision } from "./schemas";

const THREE = { agents: ["Architect", "Coder", "Reviewer"] };

/** Runs a pipeline until it ends or stops at a gate; returns the harness and how it stopped. */
async function runUntilStop(input: Partial<CreateRunInput>, h = harness(), history: RunHistory | null = null) {
  const ctx = runContext("pipeline", { ...THREE, ...input }, h, history);
  if (!history) await ctx.emit("run.created", runCreatedData(ctx.run, null));
  try {
    return { h, outcome: await runToEnd(ctx, "Requested"), waitingAt: null };
  } catch (error) {
    if (!(error instanceof RunWait)) throw error;
    return { h, outcome: null, waitingAt: error.gateId };
  }
}

/** The history a resumed run reads: the harness's turns, and its gates with the decisions given. */
function historyOf(h: ReturnType<typeof harness>, decisions: (GateDecision | null)[], note: string | null = null): RunHistory {
  return {
    turns: [...h.turns.values()].sort((a, b) => a.seq - b.seq).map((t) => ({ ...t, tools: [...t.tools] })),
    gates: h.gates.map((g, i) => ({
      id: `run_test_g${g.seq}`,
      seq: g.seq,
      turnId: g.turn.id,
      decision: decisions[i] ?? null,
      note,
    })),
  };
}

describe("notes", () => {
  it("each agent's next turn reads the notes for it exactly once, quoted by the demo model", async () => {
    const notes: Note[] = [];
    const h = harness({ notes: () => notes });
    notes.push({ id: "note_1", displayName: "Ada", content: "Use PostgreSQL", to: null });
    notes.push({ id: "note_2", displayName: "Bo", content: "Add tests", to: "Coder" });
    const { outcome } = await runUntilStop({}, h);
    expect(outcome?.status).toBe("completed");
    const started = h.events.filter((e) => e.type === "agent.turn_started").map((e) => [e.data.agent, e.data.interjections]);
    expect(started).toEqual([
      ["Architect", ["note_1"]],
      ["Coder", ["note_1", "note_2"]],
      ["Reviewer", ["note_1"]],
    ]);
    const coder = [...h.turns.values()].find((t) => t.agent === "Coder");
    expect(coder?.text).toContain("Taking Bo's note into account: “Add tests”");
    expect(coder?.interjections).toEqual(["note_1", "note_2"]);
  });
});

describe("gates", () => {
  it("stops the run at each step's gate, and a resumed run replays what happened without publishing it again", async () => {
    const first = await runUntilStop({ approval: "each_step" });
    expect(first.waitingAt).toBe("run_test_g1");
    expect(first.h.events.at(-1)).toMatchObject({
      type: "run.awaiting_approval",
      data: { gate_id: "run_test_g1", step: 1, agent: "Architect" },
    });

    const h2 = harness();
    const second = await runUntilStop({ approval: "each_step" }, h2, historyOf(first.h, ["approve"]));
    expect(second.waitingAt).toBe("run_test_g2");
    // Nothing from before the gate again: the run goes on from the Architect's approved proposal.
    expect(h2.events.map((e) => e.type)).not.toContain("run.started");
    expect(h2.events.filter((e) => e.type === "agent.turn_started").map((e) => e.data.agent)).toEqual(["Coder"]);
    expect(h2.events[0]).toMatchObject({ type: "run.progress", data: { completed_steps: 1 } });
  });

  it("a redirect runs the agent's turn again with the note, the old turn superseded", async () => {
    const first = await runUntilStop({ approval: "each_step" });
    const h2 = harness();
    const second = await runUntilStop({ approval: "each_step" }, h2, historyOf(first.h, ["redirect"], "Use SQLite instead"));
    expect(second.waitingAt).toBe("run_test_g2");
    expect(h2.events[0]).toMatchObject({ type: "agent.turn_superseded", data: { reason: "redirected" } });
    const redo = [...h2.turns.values()].at(-1);
    expect(redo).toMatchObject({ agent: "Architect", seq: 2 });
    expect(redo?.text).toContain("Redoing my answer as asked: “Use SQLite instead”");
    expect(h2.gates[0]).toMatchObject({ seq: 2, turn: { id: redo?.id } });
  });

  it("a reject ends the run as cancelled: rejected", async () => {
    const first = await runUntilStop({ approval: "final" });
    expect(first.h.gates.map((g) => g.step)).toEqual([3]);
    const h2 = harness();
    const second = await runUntilStop({ approval: "final" }, h2, historyOf(first.h, ["reject"]));
    expect(second.outcome).toMatchObject({ status: "cancelled", message: "rejected" });
    expect(h2.events.map((e) => e.type)).toEqual(["run.cancelled"]);
    // What the agents spent before the gate is real usage, replayed turns included.
    const before = [...first.h.turns.values()];
    expect(h2.events[0]?.data).toEqual({
      reason: "rejected",
      usage: {
        input_tokens: before.reduce((sum, t) => sum + t.inputTokens, 0),
        output_tokens: before.reduce((sum, t) => sum + t.outputTokens, 0),
        cost_usd: expect.closeTo(
          before.reduce((sum, t) => sum + t.costUsd, 0),
          6,
        ),
      },
    });
  });
});

describe("a run picked up after its instance died", () => {
  it("retries the interrupted turn, marks the partial one superseded, and replays the rest silently", async () => {
    const full = await runUntilStop({});
    const turns = [...full.h.turns.values()].sort((a, b) => a.seq - b.seq);
    const interrupted = { ...turns[1]!, status: "running" as const, text: turns[1]!.text.slice(0, 20) };
    const h2 = harness();
    const resumed = await runUntilStop({}, h2, { turns: [turns[0]!, interrupted], gates: [] });
    expect(resumed.outcome?.status).toBe("completed");
    expect(h2.events[0]).toMatchObject({ type: "agent.turn_superseded", data: { turn_id: interrupted.id, reason: "retried" } });
    expect(h2.events.filter((e) => e.type === "agent.turn_started").map((e) => e.data.agent)).toEqual(["Coder", "Reviewer"]);
    const retried = [...h2.turns.values()].find((t) => t.agent === "Coder" && t.status === "completed");
    expect(retried?.seq).toBe(3);
    expect(retried?.text).toBe(turns[1]!.text);
    expect(h2.turns.get(interrupted.id)?.status).toBe("superseded");
  });
});
