// A fork's plan (which turns it inherits, its agents, whom the instruction is for) and its first execution
// on the engine: inherited turns announced whole — started and completed, no tokens — and not counted.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createExternalRunSchema } from "@/lib/ingest/external/schemas";
import { RunContext } from "@/lib/runs/engine/engine";
import { runToEnd } from "@/lib/runs/engine/lifecycle";
import { buildConfig } from "@/lib/runs/engine/plan";
import type { TurnRecord } from "@/lib/runs/engine/turn-record";
import { harness, TASK } from "@/tests/support/run-harness";
import { type ForkSource, planFork } from "./plan";
import { forkRunSchema } from "./schemas";

const config = buildConfig("pipeline", { task: TASK, seed: 7, agents: ["Architect", "Coder", "Reviewer"] }, "demo", []);

/** A finished three-agent pipeline, as the engine ran it on the demo model. */
async function finishedSource(): Promise<ForkSource> {
  const h = harness();
  const ctx = new RunContext({ id: "run_src", task: TASK, strategy: "pipeline", config }, h.env);
  await runToEnd(ctx, "Requested: pipeline");
  const turns = [...h.turns.values()].sort((a, b) => a.seq - b.seq);
  return { id: "run_src", task: TASK, strategy: "pipeline", config, turns, gates: [] };
}

const fail = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("no AppError");
};

describe("planning a fork", () => {
  it("inherits the turns before the fork point and addresses the instruction to its agent", async () => {
    const source = await finishedSource();
    const at = source.turns[2] as TurnRecord;
    const plan = planFork(source, forkRunSchema.parse({ at: { turn_id: at.id } }), "demo", []);
    expect(plan.inherited.map((t) => t.agent)).toEqual(["Architect", "Coder"]);
    expect(plan.noteTo).toBe("Reviewer");
    expect(plan.config).toEqual(config);
    const first = planFork(source, { at: { turn_id: source.turns[0]?.id ?? "" } }, "demo", []);
    expect(first.inherited).toEqual([]);
  });

  it("changes the model from the fork point, or the agents — keeping those of inherited turns", async () => {
    const source = await finishedSource();
    const at = { turn_id: source.turns[1]?.id ?? "" };
    const swift = planFork(source, { at, model: "demo:swift" }, "demo", []);
    expect(swift.config.agents.map((a) => a.model)).toEqual(["demo:swift", "demo:swift", "demo:swift"]);
    const others = planFork(source, { at, agents: ["Architect", "Tester"] }, "demo", []);
    expect(others.config.agents.map((a) => a.name)).toEqual(["Architect", "Tester"]);
    expect(others.noteTo).toBeNull();
    const dropped = fail(() => planFork(source, { at, agents: ["Coder"] }, "demo", []));
    expect([dropped.code, dropped.issues?.[0]?.path]).toEqual(["validation_failed", "agents"]);
  });

  it("refuses an unknown turn (422), an unfinished turn before the point and an external run (409)", async () => {
    const source = await finishedSource();
    expect(fail(() => planFork(source, { at: { turn_id: "nope" } }, "demo", [])).code).toBe("validation_failed");
    const running = { ...source, turns: source.turns.map((t, i) => (i === 0 ? { ...t, status: "running" as const } : t)) };
    expect(fail(() => planFork(running, { at: { turn_id: source.turns[2]?.id ?? "" } }, "demo", [])).code).toBe("conflict");
    const external = { ...source, strategy: "external" as const };
    expect(fail(() => planFork(external, { at: { turn_id: source.turns[0]?.id ?? "" } }, "demo", [])).message).toContain(
      "external run",
    );
  });

  it("plans a fork of an external run whose producer declared `capabilities.fork`, without other agents", async () => {
    const source = await finishedSource();
    const config = { ...source.config, capabilities: { fork: true } };
    const declared = { ...source, strategy: "external" as const, config };
    const at = { turn_id: source.turns[1]?.id ?? "" };
    expect(planFork(declared, { at }, "demo", []).inherited.map((t) => t.agent)).toEqual(["Architect"]);
    const team = fail(() => planFork(declared, { at, agents: ["Architect", "Tester"] }, "demo", []));
    expect([team.code, team.issues?.[0]?.path]).toEqual(["validation_failed", "agents"]);
    const undeclared = { ...declared, config: { ...config, capabilities: { fork: false } } };
    expect(fail(() => planFork(undeclared, { at }, "demo", [])).code).toBe("conflict");
    expect(createExternalRunSchema.safeParse({ source: "external", task: "t", capabilities: { resume: true } }).success).toBe(
      false,
    );
  });

  it("takes a strict body", () => {
    expect(forkRunSchema.safeParse({ at: { turn_id: "t" }, extra: 1 }).success).toBe(false);
    expect(forkRunSchema.safeParse({ at: {} }).success).toBe(false);
    expect(forkRunSchema.safeParse({ at: { turn_id: "t" }, instruction: "  " }).success).toBe(false);
    expect(forkRunSchema.parse({ at: { turn_id: "t" }, instruction: " Go " }).instruction).toBe("Go");
  });
});

describe("a fork's first execution", () => {
  it("announces inherited turns whole and bills only the live ones; picked up again, it replays them silently", async () => {
    const source = await finishedSource();
    const inherited = source.turns.slice(0, 2).map((t) => ({ ...t, id: `run_fork_t${t.seq}`, inheritedFrom: t.id }));
    const h = harness();
    const spec = { id: "run_fork", task: TASK, strategy: "pipeline" as const, config };
    const ctx = new RunContext(spec, h.env, { turns: inherited, gates: [] }, Date.now(), { announceHistory: true });
    const outcome = await runToEnd(ctx, "Forked");
    expect(outcome.status).toBe("completed");
    const started = h.events.filter((e) => e.type === "agent.turn_started").map((e) => e.data);
    expect(started.map((d) => [d.turn_id, d.inherited_from ?? null])).toEqual([
      ["run_fork_t1", source.turns[0]?.id],
      ["run_fork_t2", source.turns[1]?.id],
      ["run_fork_t3", null],
    ]);
    const tokenTurns = new Set(h.events.filter((e) => e.type === "agent.token").map((e) => e.data.turn_id));
    expect([...tokenTurns]).toEqual(["run_fork_t3"]);
    const completed = h.events.filter((e) => e.type === "agent.turn_completed").map((e) => e.data);
    expect(completed[0]?.text).toBe(source.turns[0]?.text);
    const live = h.turns.get("run_fork_t3") as TurnRecord;
    expect(ctx.totals).toEqual({ inputTokens: live.inputTokens, outputTokens: live.outputTokens, costUsd: live.costUsd });

    // Picked up again (a gate, a hand-off): the same history is replayed without a word.
    const again = harness();
    const resumed = new RunContext(spec, again.env, { turns: [...inherited, live], gates: [] });
    await runToEnd(resumed, "Forked");
    expect(again.events.map((e) => e.type)).toEqual(["run.completed"]);
    expect(resumed.totals.inputTokens).toBe(live.inputTokens);
  });
});
