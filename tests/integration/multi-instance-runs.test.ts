// Runs across two instances sharing PostgreSQL and Redis: a run started on one streams on the other,
// a reader whose instance dies resumes on the other with nothing lost, controls reach the executing
// instance from anywhere, and a run whose executing instance dies ends as instance_lost.
import { describe, expect, it } from "vitest";
import { instancePairs, twoInstancesUnavailable } from "@/tests/support/instances";
import { openRunStream, startRun, watchToEnd } from "@/tests/support/run-client";

const skipReason = await twoInstancesUnavailable();
if (skipReason) console.warn(`two-instance run tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)("runs on two instances", () => {
  const { pair } = instancePairs({ PARLEY_DEMO_TOKEN_MS: "15" });

  it("a run started on A streams whole on B", async () => {
    const [a, b] = await pair();
    const run = await startRun(a, { task: "Build a REST API with JWT auth", strategy: "pipeline", seed: 2 });
    const onB = await watchToEnd(b, run.run_id);
    const onA = await watchToEnd(a, run.run_id);
    expect(onB.at(-1)?.type).toBe("run.completed");
    expect(onB.map((e) => e.id)).toEqual(onA.map((e) => e.id));
    expect(onB.filter((e) => e.type === "agent.turn_completed")).toHaveLength(5);
  });

  it("a reader on A that loses A mid-run resumes on B with its Last-Event-ID and misses nothing", async () => {
    const [a, b] = await pair();
    // The run executes on B; the reader watches it through A.
    const run = await startRun(b, { task: "Should we shard the orders table?", strategy: "debate", rounds: 2 });
    const onA = await openRunStream(a, `/api/v1/runs/${run.run_id}/events`);
    await onA.waitFor((r) => r.envelopes.filter((e) => e.type === "agent.token").length >= 10);
    a.process.kill("SIGKILL");
    expect(await onA.ended).toBe("error");
    const onB = await openRunStream(b, `/api/v1/runs/${run.run_id}/events`, onA.lastEventId);
    expect(await onB.ended).toBe("end");
    const received = [...onA.envelopes, ...onB.envelopes].map((e) => e.id);
    const whole = (await watchToEnd(b, run.run_id)).map((e) => e.id);
    expect(received).toEqual(whole);
    expect(whole.length).toBeGreaterThan(20);
  });

  it("a cancel sent to A reaches the run executing on B", async () => {
    const [a, b] = await pair({ PARLEY_DEMO_TOKEN_MS: "40" });
    const run = await startRun(b, { task: "Build a queue worker", strategy: "pipeline" });
    const watch = await openRunStream(a, `/api/v1/runs/${run.run_id}/events`);
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "agent.token"));
    const res = await fetch(`${a.url}/api/v1/runs/${run.run_id}/cancel`, {
      method: "POST",
      headers: { "X-Parley-Control-Token": run.control_token },
    });
    expect(res.status).toBe(200);
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "run.cancelled"), 15_000);
    expect(await watch.ended).toBe("end");
  });

  it("a run whose executing instance is killed ends as instance_lost instead of running forever", async () => {
    const [a, b] = await pair({ PARLEY_RUN_LEASE_MS: "1500", PARLEY_RUN_MAX_RESUMES: "0", PARLEY_DEMO_TOKEN_MS: "40" });
    const run = await startRun(a, { task: "Build a REST API with JWT auth", strategy: "pipeline" });
    const watch = await openRunStream(b, `/api/v1/runs/${run.run_id}/events`);
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "agent.token"));
    a.process.kill("SIGKILL");
    type Snapshot = { run: { status: string; error: { error_type: string } } };
    const read = async () => (await (await fetch(`${b.url}/api/v1/runs/${run.run_id}`)).json()) as Snapshot;
    await expect.poll(async () => (await read()).run.status, { timeout: 10_000, interval: 200 }).toBe("failed");
    expect(await read()).toMatchObject({ run: { status: "failed", error: { error_type: "instance_lost" } } });
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "run.failed"));
    expect(watch.envelopes.at(-1)).toMatchObject({ type: "run.failed", data: { error_type: "instance_lost" } });
    expect(await watch.ended).toBe("end");
  });
});
