import { describe, expect, it } from "vitest";
import { MemoryHub } from "@/lib/hub/memory";
import { collectTaskEvents } from "./task-batch";

const hubOptions = { history: 10_000, historyBytes: 64 * 1024 * 1024, maxBytes: 256 * 1024 * 1024, idleMs: 60_000 };
const context = { taskId: "task_1", agentId: "coder" };
const usage = { input_tokens: 1, output_tokens: 2, cost_usd: 0 };
const turn = { turn_id: "t1", agent: "Coder", role: "coder", model: "demo", round: 1, prompt_preview: "" };

describe("batch mode's events", () => {
  it("are every Workflow* event of the run, from its first to its terminal one, replayed and then live", async () => {
    const hub = new MemoryHub(hubOptions);
    await hub.publish("run:r1", { type: "run.started", data: {} });
    await hub.publish("run:r1", { type: "agent.turn_started", data: turn });
    const collecting = collectTaskEvents(hub, { runId: "r1", context, waitMs: 5_000 });
    await hub.publish("run:r1", { type: "agent.token", data: { turn_id: "t1", agent: "Coder", text: "hi" } });
    const last = await hub.publish("run:r1", {
      type: "run.completed",
      data: { success: true, summary: "done", usage, duration_ms: 5 },
    });
    await hub.publish("run:r1", { type: "run.started", data: {} });
    const collected = await collecting;
    expect(collected.events.map((e) => e.event_type)).toEqual(["WorkflowStarted", "WorkflowLLMCallStarted", "WorkflowCompleted"]);
    expect(collected).toMatchObject({ complete: true, last_event_id: last.id });
    expect(collected.events[2]).toMatchObject({ task_id: "task_1", agent_id: "coder", final_response: "done" });
    expect(hub.stats().subscribers).toBe(0);
  });

  it("answer a finished run at once, and a running one with the events so far once the wait is over", async () => {
    const hub = new MemoryHub(hubOptions);
    await hub.publish("run:done", { type: "run.failed", data: { error_type: "x", message: "broke", usage } });
    expect(await collectTaskEvents(hub, { runId: "done", context, waitMs: 5_000 })).toMatchObject({
      complete: true,
      events: [{ event_type: "WorkflowFailed", error: "broke" }],
    });
    const started = await hub.publish("run:slow", { type: "run.started", data: {} });
    const partial = await collectTaskEvents(hub, { runId: "slow", context, waitMs: 30 });
    expect(partial).toMatchObject({ complete: false, last_event_id: started.id, events: [{ event_type: "WorkflowStarted" }] });
    expect(hub.stats().subscribers).toBe(0);
  });
});
