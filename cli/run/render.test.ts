import { describe, expect, it } from "vitest";
import { eventMaker, pipelineEvents, queuedSnapshot, RUN_ID } from "@/tests/support/cli-run-fixtures";
import { displayWidth, painter, stripAnsi } from "../ui/text";
import { type Dashboard, dashboardReducer, initialDashboard } from "./model";
import { plainEventLines, plainHeader } from "./plain";
import { panelColumns, renderDashboard, renderSummary } from "./render";

const now = Date.parse("2026-11-21T12:00:03.000Z");
const plain = painter(false);

function dashboard(finish = false): Dashboard {
  return pipelineEvents({ finish }).reduce(
    (d, event) => dashboardReducer(d, { type: "stream", action: { type: "event", event }, at: Date.parse(event.ts) }),
    dashboardReducer(initialDashboard(queuedSnapshot()), { type: "stream", action: { type: "open" }, at: now }),
  );
}

describe("the dashboard renderer", () => {
  it("shows a panel per agent with role, model (the demo model as “demo”), status and its latest text", () => {
    const screen = renderDashboard(dashboard(), { width: 80, height: 40, now, paint: plain }).join("\n");
    expect(screen).toContain(`parley · ${RUN_ID} · pipeline · demo model · running`);
    expect(screen).toContain("● live");
    expect(screen).toMatch(/┌ Architect · architect: designs the solution ─+ demo ┐/);
    expect(screen).toMatch(/┌ Reviewer · reviewer: checks the implementation ─+ openai:gpt-4o-mini ┐/);
    expect(screen).toContain("✓ done · out 100 tok · $0.00050 · 1.1 s");
    // The turn still streaming: its output so far and its cost at its model's price, marked as estimates.
    expect(screen).toContain("● writing… · out ≈7 tok · ≈$0.00000");
    expect(screen).toContain("Looks right. VERDICT: PASS");
    expect(screen).toContain("⚙ code_check ✓ 1 code block, brackets balanced");
    expect(screen).toContain("step 2/3");
    // The run's figures are the lanes' sums, labelled in and out; the cost moves with the streamed tokens.
    const wide = renderDashboard(dashboard(), { width: 140, height: 40, now, paint: plain }).join("\n");
    expect(wide).toContain("in 140 · out ≈127 tokens · ≈$0.00070 (est.)");
    expect(screen).toContain("0:03 elapsed"); // started at T0 + 0.2 s, now T0 + 3 s
    expect(screen).toContain("Ctrl-C: cancel the run or detach");
  });

  it("fits any width: no line wider than the terminal, one to three columns of panels", () => {
    for (const width of [24, 40, 60, 80, 100, 120, 160, 220]) {
      const lines = renderDashboard(dashboard(), { width, height: 50, now, paint: painter(true) });
      for (const line of lines) expect(displayWidth(line), `width ${width}: ${stripAnsi(line)}`).toBeLessThanOrEqual(width);
    }
    expect([60, 100, 160].map((w) => panelColumns(w, 5))).toEqual([1, 2, 3]);
    expect(panelColumns(220, 2)).toBe(2);
    const wide = renderDashboard(dashboard(), { width: 160, height: 40, now, paint: plain });
    expect(wide.find((l) => l.includes("Architect"))).toMatch(/Architect · architect: designs the.*Coder.*Reviewer/);
  });

  it("fits the height: fewer text lines when short, one line per agent when very short", () => {
    const tall = renderDashboard(dashboard(), { width: 80, height: 60, now, paint: plain });
    const short = renderDashboard(dashboard(), { width: 80, height: 16, now, paint: plain });
    expect(short.length).toBeLessThanOrEqual(16);
    expect(short.length).toBeLessThan(tall.length);
    const tiny = renderDashboard(dashboard(), { width: 80, height: 8, now, paint: plain });
    expect(tiny.length).toBeLessThanOrEqual(8);
    expect(tiny.join("\n")).toMatch(/Architect \(demo\) ✓ done/);
  });

  it("at a gate says the run waits, for whom and since when, what each decision needs and has, and offers no estimate", () => {
    const ev = eventMaker();
    let d = dashboard();
    const gate = {
      gate_id: `${RUN_ID}_g1`,
      step: 2,
      agent: "Coder",
      turn_id: `${RUN_ID}_t2`,
      proposal_preview: "export const ok = true;",
      quorum: 2,
      timeout_at: null,
      default_action: "reject",
    };
    for (const event of [
      ev("run.awaiting_approval", gate, 2500),
      ev("run.gate_vote", { gate_id: gate.gate_id, user_id: "u1", display_name: "Alice", decision: "redirect" }, 2600),
    ]) {
      d = dashboardReducer(d, { type: "stream", action: { type: "event", event }, at: now });
    }
    const screen = renderDashboard(d, { width: 140, height: 40, now, paint: plain, mayControl: false }).join("\n");
    expect(screen).toContain("· waiting for approval");
    expect(screen).not.toMatch(/· running/);
    expect(screen).toContain("⏸ Waiting for whoever started the run: step 2 (Coder) since");
    expect(screen).toContain("no timeout");
    expect(screen).toContain("approve 0/2 · redirect 1/2 · reject 0/1 — a single reject ends the run");
    expect(screen).not.toContain("left ·");
    // A viewer is not offered a cancel they may not make.
    expect(screen).toContain("Ctrl-C: detach (the run goes on)");
  });

  it("says when the connection is being re-established", () => {
    const d = dashboardReducer(dashboard(), { type: "stream", action: { type: "drop" }, at: now });
    expect(renderDashboard(d, { width: 100, height: 40, now, paint: plain })[0]).toContain("◌ reconnecting…");
  });

  it("shows the verdict and ends with a summary: outcome, verdict, tokens, cost, summary, link", () => {
    const d = dashboard(true);
    const screen = renderDashboard(d, { width: 100, height: 40, now, paint: plain }).join("\n");
    expect(screen).toContain("Verdict ✓ VERDICT: PASS — SCORE: 9/10 (score 9)");
    expect(screen).not.toContain("Ctrl-C");
    const summary = renderSummary(d, { width: 100, now, paint: plain, server: "http://localhost:3000/" }).join("\n");
    expect(summary).toContain("✓ Run completed in 0:03 · pipeline · demo model");
    expect(summary).toContain("Tokens 380 (in 230 · out 150) · cost $0.0010");
    expect(summary).toContain("A REST API with JWT auth, reviewed and documented.");
    expect(summary).toContain(`http://localhost:3000/runs/${RUN_ID}`);
  });

  it("a failed run's summary says why, and that it comes from the stored state when the events were lost", () => {
    let d = dashboard();
    d = dashboardReducer(d, {
      type: "stream",
      action: {
        type: "event",
        event: {
          id: "0-0",
          channel: `run:${RUN_ID}`,
          type: "stream.reset",
          ts: new Date(now).toISOString(),
          data: { reason: "restart", cursor: "0-0" },
        },
      },
      at: now,
    });
    d = dashboardReducer(d, {
      type: "snapshot",
      snapshot: queuedSnapshot({
        status: "failed",
        error: { error_type: "instance_lost", message: "The server running this run stopped; it did not finish" },
      }),
    });
    const summary = renderSummary(d, { width: 80, now, paint: plain, server: "http://x" }).join("\n");
    expect(summary).toContain("✗ Run failed");
    expect(summary).toContain("instance_lost: The server running this run stopped; it did not finish");
    expect(summary).toContain("the live events were lost with the server");
  });
});

describe("plain line output", () => {
  it("prints a line per step and each turn's whole text once it is done — never single tokens", () => {
    let d = initialDashboard(queuedSnapshot());
    const out: string[] = [...plainHeader(queuedSnapshot())];
    for (const event of pipelineEvents({ finish: true })) {
      d = dashboardReducer(d, { type: "stream", action: { type: "event", event }, at: now });
      out.push(...plainEventLines(event, d.stream.data));
    }
    expect(out.slice(0, 3)).toEqual([
      `run ${RUN_ID} · pipeline · queued · demo model`,
      "task: Build a REST API with JWT auth",
      "agents: Architect (demo), Coder (demo), Reviewer (openai:gpt-4o-mini)",
    ]);
    expect(out).toContain("[0:00] Architect (architect: designs the solution · demo) is writing…");
    expect(out).toContain("[0:01] Architect done · 100 tokens · $0.00050 · 1.1 s");
    expect(out).toContain("    Here is the shape I propose.");
    expect(out).toContain("[0:01] tool code_check ✓ 1 code block, brackets balanced");
    expect(out).toContain("[0:02] verdict ✓ VERDICT: PASS — SCORE: 9/10 (score 9)");
    expect(out.at(-1)).toBe("[0:02] completed ✓");
    expect(out.some((l) => l.includes("Here is the shape ") && !l.includes("propose"))).toBe(false);
  });
});
