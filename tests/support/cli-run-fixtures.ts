// A small pipeline run as the server would send it, for the unit tests of the model and the renderers.
import type { Envelope } from "@/lib/events/envelope";
import type { RunSnapshot } from "@/lib/runs/views";

export const RUN_ID = "run_0mwqsm4b90000h4xggw";
const T0 = Date.parse("2026-11-21T12:00:00.000Z");

export function queuedSnapshot(overrides: Partial<RunSnapshot["run"]> = {}): RunSnapshot {
  return {
    run: {
      run_id: RUN_ID,
      task: "Build a REST API with JWT auth",
      strategy: "pipeline",
      strategy_reason: "Requested: pipeline",
      status: "queued",
      agents: [
        { name: "Architect", role: "architect: designs the solution", model: "demo" },
        { name: "Coder", role: "coder: implements the design", model: "demo" },
        { name: "Reviewer", role: "reviewer: checks the implementation", model: "openai:gpt-4o-mini" },
      ],
      rounds: 1,
      budget_usd: null,
      max_tokens: null,
      session_id: null,
      demo: true,
      created_at: new Date(T0).toISOString(),
      started_at: null,
      finished_at: null,
      summary: null,
      verdict: null,
      error: null,
      forked_from: null,
      ...overrides,
    },
    turns: [],
    usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    progress: { completed_steps: 0, total_steps: 3 },
    last_event_id: null,
    forked_from: null,
    forks: [],
    interjections: [],
    gates: [],
    comments: [],
    watchers: { participants: [], others: 0 },
    state: null,
    log: [],
    rights: { steer: false, vote: false, control: false, comment: false, moderate: false, me: null, joined_at: null },
    prices: { demo: { input: 1, output: 4 }, "openai:gpt-4o-mini": { input: 0.15, output: 0.6 } },
  };
}

/** Builds envelopes with increasing cursors, `ms` after the start of the run. */
export function eventMaker() {
  let seq = 0;
  return (type: string, data: Record<string, unknown> = {}, ms = seq * 100): Envelope => {
    seq++;
    return { id: `${T0 + ms}-${seq}`, channel: `run:${RUN_ID}`, type, ts: new Date(T0 + ms).toISOString(), data };
  };
}

const turn = (n: number) => `${RUN_ID}_t${n}`;

/** The run from creation to completion: two turns done, a tool call, a verdict, a third turn streaming. */
export function pipelineEvents(options: { finish?: boolean } = {}): Envelope[] {
  const ev = eventMaker();
  const events = [
    ev("run.created", { run_id: RUN_ID, task: "Build a REST API with JWT auth" }),
    ev("run.strategy_selected", { strategy: "pipeline", reason: "Requested: pipeline" }),
    ev("run.started", {}),
    ev("agent.turn_started", {
      turn_id: turn(1),
      agent: "Architect",
      role: "architect: designs the solution",
      model: "demo",
      round: 1,
      prompt_preview: "Task",
    }),
    ev("agent.token", { turn_id: turn(1), agent: "Architect", text: "Here is the shape " }),
    ev("agent.token", { turn_id: turn(1), agent: "Architect", text: "I propose." }),
    ev("agent.turn_completed", {
      turn_id: turn(1),
      agent: "Architect",
      model: "demo",
      text: "Here is the shape I propose.",
      input_tokens: 60,
      output_tokens: 100,
      cost_usd: 0.0005,
      latency_ms: 1100,
    }),
    ev("run.progress", { completed_steps: 1, total_steps: 3, est_remaining_ms: 4000, cost_usd: 0.0005 }),
    ev("agent.turn_started", {
      turn_id: turn(2),
      agent: "Coder",
      role: "coder: implements the design",
      model: "demo",
      round: 1,
      prompt_preview: "Task",
    }),
    ev("agent.token", { turn_id: turn(2), agent: "Coder", text: "export const ok = true;" }),
    ev("agent.turn_completed", {
      turn_id: turn(2),
      agent: "Coder",
      model: "demo",
      text: "export const ok = true;",
      input_tokens: 80,
      output_tokens: 20,
      cost_usd: 0.0002,
      latency_ms: 700,
    }),
    ev("tool.invoked", { call_id: `${turn(2)}_c1`, tool: "code_check", input: { lines: 1 } }),
    ev("tool.result", {
      call_id: `${turn(2)}_c1`,
      tool: "code_check",
      success: true,
      output_preview: "1 code block, brackets balanced",
      latency_ms: 3,
    }),
    ev("run.progress", { completed_steps: 2, total_steps: 3, est_remaining_ms: 2000, cost_usd: 0.0007 }),
    ev("agent.turn_started", {
      turn_id: turn(3),
      agent: "Reviewer",
      role: "reviewer: checks the implementation",
      model: "openai:gpt-4o-mini",
      round: 1,
      prompt_preview: "Task",
    }),
    ev("agent.token", { turn_id: turn(3), agent: "Reviewer", text: "Looks right. VERDICT: PASS" }),
  ];
  if (!options.finish) return events;
  return [
    ...events,
    ev("agent.turn_completed", {
      turn_id: turn(3),
      agent: "Reviewer",
      model: "openai:gpt-4o-mini",
      text: "Looks right. VERDICT: PASS — SCORE: 9/10",
      input_tokens: 90,
      output_tokens: 30,
      cost_usd: 0.0003,
      latency_ms: 500,
    }),
    ev("verification", { passed: true, verdict: "VERDICT: PASS — SCORE: 9/10", score: 9 }),
    ev("run.progress", { completed_steps: 3, total_steps: 3, est_remaining_ms: 0, cost_usd: 0.001 }),
    ev("run.completed", {
      success: true,
      summary: "A REST API with JWT auth, reviewed and documented.",
      usage: { input_tokens: 230, output_tokens: 150, cost_usd: 0.001 },
      duration_ms: 2600,
    }),
  ];
}
