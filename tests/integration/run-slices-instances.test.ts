// A run driven in slices across two instances sharing PostgreSQL and Redis: each hand-off lands on the
// other instance (each sends its hand-offs there), which claims the run and drives the next slice — with
// nobody reading, no turn run twice, never counted as a resume, and one stream on either instance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgClient } from "@/lib/db/connections";
import { type SharedServices, startSharedServices, twoInstancesUnavailable } from "@/tests/support/instances";
import { startRun, watchToEnd } from "@/tests/support/run-client";
import { handOffCatcher, pollSnapshot } from "@/tests/support/run-slices";
import { streamProblems } from "@/tests/support/run-story";
import { freePort, startServer, type TestServer } from "@/tests/support/server";

const skipReason = await twoInstancesUnavailable();
if (skipReason) console.warn(`two-instance slice tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)("a run sliced across two instances", () => {
  let shared: SharedServices;
  const servers: TestServer[] = [];
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    shared = await startSharedServices();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    for (const close of closers) await close();
    await shared?.stop();
  });

  it("hands each slice to the other instance and completes with nobody reading, no turn twice", async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    // Each instance's hand-offs go to the other, through a recorder.
    const toB = await handOffCatcher(`http://127.0.0.1:${portB}`);
    const toA = await handOffCatcher(`http://127.0.0.1:${portA}`);
    closers.push(toB.close, toA.close);
    const env = { ...shared.env, PARLEY_DEMO_TOKEN_MS: "12", PARLEY_RUN_SLICE_MS: "2000" };
    const [a, b] = await Promise.all([
      startServer({ port: portA, env: { ...env, PARLEY_INTERNAL_URL: toB.url } }),
      startServer({ port: portB, env: { ...env, PARLEY_INTERNAL_URL: toA.url } }),
    ]);
    servers.push(a, b);

    const run = await startRun(a, { task: "Should we move the monolith to services?", strategy: "debate", rounds: 5, seed: 4 });
    const done = await pollSnapshot(b, run.run_id, (s) => s.run.status !== "running" && s.run.status !== "queued", 120_000);
    expect(done.run.status).toBe("completed");
    expect(done.turns).toHaveLength(11);
    expect(done.turns.every((t) => t.status === "completed")).toBe(true);

    // A → B → A …: every hand-off was claimed (202) by the instance it was sent to.
    expect(toB.caught.length).toBeGreaterThanOrEqual(2);
    expect(toA.caught.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(toB.caught.length - toA.caught.length)).toBeLessThanOrEqual(1);
    for (const handOff of [...toB.caught, ...toA.caught]) expect(handOff.status).toBe(202);

    const onA = await watchToEnd(a, run.run_id);
    const onB = await watchToEnd(b, run.run_id);
    expect(onB.map((e) => e.id)).toEqual(onA.map((e) => e.id));
    expect(streamProblems(onA)).toEqual([]);
    expect(onA.filter((e) => e.type === "agent.turn_started")).toHaveLength(11);
    expect(onA.some((e) => e.type === "agent.turn_superseded")).toBe(false);

    const client = await openPgClient(shared.env.DATABASE_URL ?? "");
    try {
      const { rows } = await client.query("SELECT resumes, handoffs, handoff_nonce FROM runs WHERE id = $1", [run.run_id]);
      expect(rows[0]).toEqual({ resumes: 0, handoffs: toB.caught.length + toA.caught.length, handoff_nonce: null });
    } finally {
      await client.end();
    }
  }, 240_000);
});
