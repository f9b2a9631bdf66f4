// Partial usage is real usage: what a stopped turn streamed is counted in its event, in the stored turn
// and in the run's totals — for a cancelled run, for a race's cancelled contestants, and for a run that
// reached its budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRunStream, startRun, watchToEnd } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { PARLEY_DEMO_TOKEN_MS: "5" } });
});
afterAll(() => server?.stop());

type Turn = { status: string; text: string; output_tokens: number; input_tokens: number; cost_usd: number };
async function snapshot(runId: string) {
  return (await (await fetch(`${server.url}/api/v1/runs/${runId}`)).json()) as {
    run: { status: string; error: { error_type: string } | null };
    turns: Turn[];
    usage: { input_tokens: number; output_tokens: number; cost_usd: number };
  };
}

const sum = (turns: Turn[], k: "output_tokens" | "input_tokens") => turns.reduce((n, t) => n + t[k], 0);

describe("partial usage", () => {
  it("a race's cancelled contestants count what they streamed, and the run's usage adds it all up", async () => {
    const run = await startRun(server, { task: "What is the fastest way to sort 10 numbers?", strategy: "race" });
    const events = await watchToEnd(server, run.run_id);
    const s = await snapshot(run.run_id);
    const losers = s.turns.filter((t) => t.status === "cancelled");
    expect(losers.length).toBeGreaterThan(0);
    // The contestants speak at once, so the ones cancelled had said something: that is what they cost.
    const streamed = losers.filter((l) => l.text);
    expect(streamed.length).toBeGreaterThan(0);
    for (const t of streamed) expect(t.output_tokens).toBe(Math.ceil(t.text.length / 4));
    const failed = events.filter((e) => e.type === "agent.turn_failed");
    expect(failed.every((e) => typeof (e.data as { output_tokens?: number }).output_tokens === "number")).toBe(true);
    expect(s.usage.output_tokens).toBe(sum(s.turns, "output_tokens"));
    expect(s.usage.input_tokens).toBe(sum(s.turns, "input_tokens"));
  });

  it("a cancelled run reports its usage in run.cancelled and keeps it in its snapshot", async () => {
    const run = await startRun(server, { task: "Build a small job queue with retries", strategy: "pipeline" });
    // Cancel once the first turn has streamed something.
    const watching = await openRunStream(server, `/api/v1/runs/${run.run_id}/events`);
    await watching.waitFor((r) => r.envelopes.filter((e) => e.type === "agent.token").length > 3, 30_000);
    watching.abort();
    const cancel = await fetch(`${server.url}/api/v1/runs/${run.run_id}/cancel`, {
      method: "POST",
      headers: { "X-Parley-Control-Token": run.control_token },
    });
    expect(cancel.status).toBe(200);
    const events = await watchToEnd(server, run.run_id);
    const ended = events.at(-1);
    expect(ended?.type).toBe("run.cancelled");
    const { usage } = (ended?.data ?? {}) as { usage: { output_tokens: number; cost_usd: number } };
    expect(usage.output_tokens).toBeGreaterThan(0);
    expect(usage.cost_usd).toBeGreaterThan(0);
    const s = await snapshot(run.run_id);
    expect(s.usage.output_tokens).toBe(usage.output_tokens);
    expect(s.usage.output_tokens).toBe(sum(s.turns, "output_tokens"));
  });

  it("a run that reaches its budget counts the turn it stopped", async () => {
    const run = await startRun(server, { task: "Build a REST API with JWT auth", strategy: "pipeline", budget_usd: 0.0006 });
    await watchToEnd(server, run.run_id);
    const s = await snapshot(run.run_id);
    expect(s.run).toMatchObject({ status: "failed", error: { error_type: "budget_exceeded" } });
    expect(s.usage.cost_usd).toBeGreaterThanOrEqual(0.0006);
  });
});
