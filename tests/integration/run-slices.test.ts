// Runs longer than a function may live: driven in slices (PARLEY_RUN_SLICE_MS), each handed to the next
// through the continuation endpoint with a signed, single-use token — with nobody reading, no turn run
// twice, and one continuous stream for whoever reads.
import { afterEach, describe, expect, it } from "vitest";
import { mintToken } from "@/lib/auth/signing";
import { mintContinuationToken } from "@/lib/auth/tokens";
import type { Envelope } from "@/lib/events/envelope";
import { openRunStream, startRun, watchToEnd } from "@/tests/support/run-client";
import { handOffCatcher, newPlace, type Place, pollSnapshot, runRow } from "@/tests/support/run-slices";
import { story, streamProblems } from "@/tests/support/run-story";
import { freePort, startServer, TEST_SECRET, type TestServer } from "@/tests/support/server";

let servers: TestServer[] = [];
let places: Place[] = [];
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of servers) await s.stop();
  for (const c of cleanups) await c();
  for (const p of places) await p.database.drop();
  servers = [];
  places = [];
  cleanups = [];
});

async function serve(env: Record<string, string>) {
  const place = await newPlace(env);
  places.push(place);
  const server = await startServer({ env: place.env });
  servers.push(server);
  return { place, server };
}

const DEBATE = { task: "Should we move the monolith to services?", strategy: "debate", rounds: 5, seed: 4 };
const finished = (s: { run: { status: string } }) => ["completed", "failed", "cancelled"].includes(s.run.status);
const turnStory = (s: Awaited<ReturnType<typeof pollSnapshot>>) =>
  s.turns.map((t) => [t.agent, t.status, t.input_tokens, t.output_tokens, t.text]);

describe("a run driven in 2-second slices", () => {
  it("completes with nobody reading, every turn run once, never resumed; readers see one continuous stream", async () => {
    const demo = { PARLEY_DEMO_TOKEN_MS: "12" };
    const whole = await serve(demo);
    const sliced = await serve({ ...demo, PARLEY_RUN_SLICE_MS: "2000" });

    const reference = await startRun(whole.server, DEBATE);
    const unread = await startRun(sliced.server, DEBATE);
    const read = await startRun(sliced.server, DEBATE);
    const throughout = await openRunStream(sliced.server, `/api/v1/runs/${read.run_id}/events`);

    const done = await pollSnapshot(sliced.server, unread.run_id, finished, 120_000);
    const ref = await pollSnapshot(whole.server, reference.run_id, finished, 120_000);
    expect(done.run.status).toBe("completed");
    expect(ref.run.status).toBe("completed");
    // Every turn once, in order, as the unsliced run had them; billed alike.
    expect(turnStory(done)).toEqual(turnStory(ref));
    expect(done.turns.every((t) => t.status === "completed")).toBe(true);
    expect(done.usage).toEqual(ref.usage);

    await throughout.waitFor((r) => r.envelopes.some((e) => e.type === "run.completed"), 120_000);
    expect(await throughout.ended).toBe("end");
    const afterwards = await watchToEnd(sliced.server, read.run_id);
    const unreadStream = await watchToEnd(sliced.server, unread.run_id);
    const referenceStream = await watchToEnd(whole.server, reference.run_id);
    const ids = (events: Envelope[]) => events.map((e) => e.id);
    expect(ids(throughout.envelopes)).toEqual(ids(afterwards));
    for (const events of [throughout.envelopes, unreadStream]) {
      expect(streamProblems(events)).toEqual([]);
      expect(events.some((e) => e.type === "agent.turn_superseded")).toBe(false);
    }
    expect(story(unreadStream, unread.run_id)).toEqual(story(referenceStream, reference.run_id));
    expect(story(afterwards, read.run_id)).toEqual(story(referenceStream, reference.run_id));

    for (const s of servers) await s.stop();
    for (const runId of [unread.run_id, read.run_id]) {
      const row = await runRow(sliced.place, runId);
      expect(row).toMatchObject({ status: "completed", resumes: 0, handoff_nonce: null });
      // The run outlived several slices: it was handed on, not lost.
      expect(row.handoffs).toBeGreaterThanOrEqual(3);
    }
    expect(await runRow(whole.place, reference.run_id)).toMatchObject({ resumes: 0, handoffs: 0 });
  }, 240_000);
});

describe("the continuation endpoint", () => {
  it("takes only a genuine, unexpired token for that run, once; anything else is 401 and claims nothing", async () => {
    const catcher = await handOffCatcher();
    cleanups.push(catcher.close);
    const { server, place } = await serve({
      PARLEY_DEMO_TOKEN_MS: "10",
      PARLEY_RUN_SLICE_MS: "1",
      PARLEY_INTERNAL_URL: catcher.url,
    });
    const run = await startRun(server, { task: "Build a queue worker", strategy: "pipeline", agents: ["Architect", "Coder"] });
    const other = await startRun(server, { task: "Build a cache", strategy: "pipeline", agents: ["Architect"] });
    await expect.poll(() => catcher.caught.length, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(1);
    const [handOff] = catcher.caught;
    if (!handOff) throw new Error("no hand-off caught");
    expect(handOff.path).toBe(`/api/internal/runs/${run.run_id}/continue`);
    const claims = JSON.parse(Buffer.from(handOff.token.split(".")[1] ?? "", "base64url").toString()) as { n: string };

    const post = (runId: string, token: string | null) =>
      fetch(`${server.url}/api/internal/runs/${runId}/continue`, {
        method: "POST",
        headers: token === null ? {} : { Authorization: `Bearer ${token}` },
      });
    const refusals = {
      none: await post(run.run_id, null),
      forged: await post(
        run.run_id,
        mintToken("not-the-secret-0123456789abcdef-xyz", "run-continue", { run: run.run_id, n: claims.n }, 60).token,
      ),
      expired: await post(run.run_id, mintContinuationToken(TEST_SECRET, run.run_id, claims.n, 60, Date.now() - 120_000).token),
      wrongNonce: await post(run.run_id, mintContinuationToken(TEST_SECRET, run.run_id, "not-the-nonce", 60).token),
      otherRun: await post(other.run_id, handOff.token),
      otherPurpose: await post(run.run_id, mintToken(TEST_SECRET, "admin", { run: run.run_id, n: claims.n }, 60).token),
    };
    for (const [why, res] of Object.entries(refusals)) {
      expect([why, res.status]).toEqual([why, 401]);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    // Nothing claimed: the run still waits at its first hand-off, one turn done.
    const waiting = await pollSnapshot(server, run.run_id, () => true);
    expect(waiting.turns.map((t) => [t.agent, t.status])).toEqual([["Architect", "completed"]]);

    catcher.forwardTo(server.url);
    expect((await post(run.run_id, handOff.token)).status).toBe(202);
    expect((await post(run.run_id, handOff.token)).status).toBe(401);
    const done = await pollSnapshot(server, run.run_id, finished);
    expect(done.run.status).toBe("completed");
    expect(done.turns.map((t) => [t.agent, t.status])).toEqual([
      ["Architect", "completed"],
      ["Coder", "completed"],
    ]);
    await server.stop();
    expect(await runRow(place, run.run_id)).toMatchObject({ resumes: 0, handoffs: 1, handoff_nonce: null });
  }, 120_000);
});

describe("a hand-off nobody accepts", () => {
  it("leaves the run with the function that has it: it goes on there, not lost, no turn twice", async () => {
    // Nothing listens where the hand-offs go.
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const { server, place } = await serve({ PARLEY_DEMO_TOKEN_MS: "10", PARLEY_RUN_SLICE_MS: "1", PARLEY_INTERNAL_URL: nowhere });
    const run = await startRun(server, {
      task: "Build a queue worker",
      strategy: "pipeline",
      agents: ["Architect", "Coder", "Reviewer"],
    });
    const done = await pollSnapshot(server, run.run_id, finished);
    expect(done.run.status).toBe("completed");
    expect(done.turns.map((t) => t.status)).toEqual(["completed", "completed", "completed"]);
    expect(server.logs.join("")).toMatch(/the hand-off to .* failed/);
    await server.stop();
    expect(await runRow(place, run.run_id)).toMatchObject({ resumes: 0, handoffs: 2, handoff_nonce: null });
  }, 120_000);
});

describe("the scheduled sweep (GET /api/cron/sweep)", () => {
  const CRON_SECRET = "cron-secret-0123456789abcdef";
  // No in-process sweeper: whatever happens to the runs here, the cron request did it.
  const cronEnv = { CRON_SECRET, PARLEY_SWEEPER: "off", PARLEY_RUN_LEASE_MS: "1500", PARLEY_DEMO_TOKEN_MS: "40" };
  const sweep = (server: TestServer, secret?: string) =>
    fetch(`${server.url}/api/cron/sweep`, { headers: secret ? { Authorization: `Bearer ${secret}` } : {} });

  it("answers only the cron secret, and refuses when the deployment has none", async () => {
    const { server } = await serve(cronEnv);
    expect((await sweep(server)).status).toBe(401);
    const wrong = await sweep(server, "cron-secret-0123456789abcdeX");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await fetch(`${server.url}/api/cron/sweep`, { method: "POST" })).status).toBe(405);
    const right = await sweep(server, CRON_SECRET);
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ gates_decided: 0, lost_runs: 0 });

    const { server: unset } = await serve({});
    const refused = await sweep(unset, CRON_SECRET);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: "unavailable", message: expect.stringMatching(/CRON_SECRET/) } });
  }, 120_000);

  it("decides an overdue gate by its default action with nobody reading, and the run goes on", async () => {
    const { server } = await serve(cronEnv);
    const run = await startRun(server, {
      task: "Build a queue worker",
      strategy: "pipeline",
      agents: ["Architect"],
      approval: "final",
      approval_timeout_s: 1,
      approval_timeout_action: "approve",
    });
    const gated = await pollSnapshot(server, run.run_id, (s) => s.gates.length === 1);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(gated.gates[0]?.timeout_at ?? "") - Date.now()) + 1500));
    // Overdue, and nobody decided it: no reader, no sweeper.
    expect((await pollSnapshot(server, run.run_id, () => true)).gates[0]?.decision).toBeNull();
    const res = await sweep(server, CRON_SECRET);
    expect(await res.json()).toEqual({ gates_decided: 1, lost_runs: 0 });
    const done = await pollSnapshot(server, run.run_id, finished);
    expect(done.run.status).toBe("completed");
    expect(done.gates[0]?.decision).toBe("approve");
  }, 120_000);

  it("picks up a run whose instance died, with nobody reading", async () => {
    const first = await serve(cronEnv);
    const run = await startRun(first.server, {
      task: "Build a REST API with JWT auth",
      strategy: "pipeline",
      agents: ["Architect", "Coder"],
    });
    await pollSnapshot(first.server, run.run_id, (s) => s.turns.length > 0);
    first.server.process.kill("SIGKILL");
    const second = await startServer({ env: first.place.env });
    servers.push(second);
    await new Promise((r) => setTimeout(r, 2000));
    // Past its lease, and still "running": nobody picked it up.
    expect((await pollSnapshot(second, run.run_id, () => true)).run.status).toBe("running");
    expect(await (await sweep(second, CRON_SECRET)).json()).toEqual({ gates_decided: 0, lost_runs: 1 });
    const done = await pollSnapshot(second, run.run_id, finished);
    expect(done.run.status).toBe("completed");
    expect(done.turns.map((t) => [t.agent, t.status])).toEqual([
      ["Architect", "superseded"],
      ["Architect", "completed"],
      ["Coder", "completed"],
    ]);
  }, 120_000);
});
