import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { eventMaker, pipelineEvents, queuedSnapshot, RUN_ID } from "@/tests/support/cli-run-fixtures";
import { type Dashboard, dashboardReducer, elapsedMs, hasEnded, initialDashboard, remainingMs } from "./model";

const at = Date.parse("2026-11-21T12:00:10.000Z");
const apply = (d: Dashboard, events: Envelope[], now = at) =>
  events.reduce((s, event) => dashboardReducer(s, { type: "stream", action: { type: "event", event }, at: now }), d);

describe("the dashboard model", () => {
  it("builds the agents' turns, text, tools, progress and verdict from the events", () => {
    const d = apply(initialDashboard(queuedSnapshot()), pipelineEvents({ finish: true }));
    const { run, turns, progress, usage } = d.stream.data;
    expect(run.status).toBe("completed");
    expect(turns.map((t) => [t.agent, t.status, t.text])).toEqual([
      ["Architect", "completed", "Here is the shape I propose."],
      ["Coder", "completed", "export const ok = true;"],
      ["Reviewer", "completed", "Looks right. VERDICT: PASS — SCORE: 9/10"],
    ]);
    expect(turns[1]?.tools).toMatchObject([{ tool: "code_check", success: true }]);
    expect(progress).toMatchObject({ completed_steps: 3, total_steps: 3 });
    expect(usage.cost_usd).toBe(0.001);
    expect(run.verdict).toMatchObject({ passed: true, score: 9 });
    expect(hasEnded(d)).toBe(true);
    expect(d.endedBy).toBe("event");
  });

  it("is idempotent by cursor: replays after a reconnect and doubled events change nothing", () => {
    const events = pipelineEvents({ finish: true });
    const clean = apply(initialDashboard(queuedSnapshot()), events);
    // A reconnect replays the last few events; a flaky proxy doubles some.
    const messy = [...events.slice(0, 10), ...events.slice(6, 12), events[11]!, ...events.slice(12), events[3]!, events[4]!];
    const replayed = apply(initialDashboard(queuedSnapshot()), messy);
    expect(replayed.stream.data).toEqual(clean.stream.data);
    expect(replayed.stream.data.turns[0]?.text).toBe("Here is the shape I propose.");
  });

  it("after a reset, the snapshot replaces what was built and later events apply on top", () => {
    const ev = eventMaker();
    let d = apply(initialDashboard(queuedSnapshot()), pipelineEvents().slice(0, 5));
    d = apply(d, [{ ...ev("stream.reset", { reason: "server restarted", cursor: "0-0" }), id: "0-0" }]);
    expect(d.stream.lastEventId).toBe("0-0");
    const stored = queuedSnapshot({ status: "failed", error: { error_type: "instance_lost", message: "The server stopped" } });
    d = dashboardReducer(d, { type: "snapshot", snapshot: stored });
    expect(d.stream.data.run.status).toBe("failed");
    expect(d.stream.data.resets).toBe(1);
    expect(d.endedBy).toBe("snapshot");
    expect(hasEnded(d)).toBe(true);
  });

  it("counts elapsed time in server time, and the estimate down from when it arrived", () => {
    const events = pipelineEvents().slice(0, 8); // up to the first run.progress (est 4 s), at T0 + 0.7 s
    // This machine's clock runs 60 s ahead of the server's.
    const skew = 60_000;
    const receivedAt = Date.parse(events[7]!.ts) + skew;
    const d = apply(initialDashboard(queuedSnapshot()), events, receivedAt);
    expect(d.stream.data.run.started_at).toBe(events[2]!.ts);
    expect(elapsedMs(d, receivedAt + 1000)).toBe(1000 + Date.parse(events[7]!.ts) - Date.parse(events[2]!.ts));
    expect(remainingMs(d, receivedAt + 1500)).toBe(2500);
    expect(remainingMs(d, receivedAt + 9000)).toBe(0);
  });

  it("a finished snapshot starts ended, with the run's own duration", () => {
    const snapshot = queuedSnapshot({
      status: "completed",
      started_at: "2026-11-21T12:00:00.000Z",
      finished_at: "2026-11-21T12:00:42.000Z",
    });
    const d = initialDashboard(snapshot);
    expect(hasEnded(d)).toBe(true);
    expect(elapsedMs(d, Date.now())).toBe(42_000);
    expect(d.stream.data.run.run_id).toBe(RUN_ID);
  });

  it("tracks the connection for the header: live, then reconnecting after a drop", () => {
    let d = initialDashboard(queuedSnapshot());
    d = dashboardReducer(d, { type: "stream", action: { type: "open" }, at });
    expect(d.stream.status).toBe("live");
    d = dashboardReducer(d, { type: "stream", action: { type: "drop" }, at });
    expect(d.stream.status).toBe("reconnecting");
  });
});
