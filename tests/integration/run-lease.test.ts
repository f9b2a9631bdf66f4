// A run whose server dies mid-run goes on after a restart, its interrupted turn retried — or, when it may
// not be picked up again (PARLEY_RUN_MAX_RESUMES=0), ends as failed (instance_lost) instead of running forever.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { openRunStream, startRun } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";

// Each test has a database of its own: its servers judge every run they can see by its short lease.
let servers: TestServer[] = [];
let database: OwnDatabase | null = null;
afterEach(async () => {
  for (const s of servers) await s.stop();
  servers = [];
  await database?.drop();
  database = null;
});

async function isolated(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-lease-"));
  database = await ownDatabase();
  return { PARLEY_DATA_DIR: dataDir, ...database.env, ...env };
}

describe("a run whose instance is lost", () => {
  it("is detected by its stale heartbeat and fails as instance_lost, with its turns closed", async () => {
    const env = await isolated({ PARLEY_RUN_LEASE_MS: "1500", PARLEY_RUN_MAX_RESUMES: "0", PARLEY_DEMO_TOKEN_MS: "60" });
    const first = await startServer({ env });
    servers.push(first);
    const run = await startRun(first, { task: "Build a REST API with JWT auth", strategy: "pipeline" });
    const watching = await openRunStream(first, `/api/v1/runs/${run.run_id}/events`);
    await watching.waitFor((r) => r.envelopes.some((e) => e.type === "agent.token"));
    first.process.kill("SIGKILL");
    expect(await watching.ended).toBe("error");

    const second = await startServer({ env });
    servers.push(second);
    type Snapshot = {
      run: { status: string; error: { error_type: string; message: string } };
      turns: { status: string }[];
    };
    const read = async () => (await (await fetch(`${second.url}/api/v1/runs/${run.run_id}`)).json()) as Snapshot;
    // Once the lease has run out (the server restart may already have taken that long), a read settles it.
    await expect.poll(async () => (await read()).run.status, { timeout: 10_000, interval: 200 }).toBe("failed");
    const snapshot = await read();
    expect(snapshot.run.error).toMatchObject({ error_type: "instance_lost", message: expect.stringMatching(/stopped/) });
    expect(snapshot.turns.map((t) => t.status)).toEqual(["failed"]);
    const stream = await openRunStream(second, `/api/v1/runs/${run.run_id}/events`);
    expect(await stream.ended).toBe("end");
    expect(stream.envelopes.at(-1)).toMatchObject({ type: "run.failed", data: { error_type: "instance_lost" } });
  });

  it("with resumes allowed, is picked up after a restart: the interrupted turn is retried and the run completes", async () => {
    const env = await isolated({ PARLEY_RUN_LEASE_MS: "1500", PARLEY_DEMO_TOKEN_MS: "30" });
    const first = await startServer({ env });
    servers.push(first);
    const run = await startRun(first, {
      task: "Build a REST API with JWT auth",
      strategy: "pipeline",
      agents: ["Architect", "Coder"],
    });
    const watching = await openRunStream(first, `/api/v1/runs/${run.run_id}/events`);
    await watching.waitFor((r) => r.envelopes.filter((e) => e.type === "agent.token").length >= 3);
    first.process.kill("SIGKILL");

    const second = await startServer({ env, port: first.port });
    servers.push(second);
    const stream = await openRunStream(second, `/api/v1/runs/${run.run_id}/events`);
    await stream.waitFor((r) => r.envelopes.some((e) => e.type === "run.completed"), 30_000);
    const partial = watching.envelopes.find((e) => e.type === "agent.turn_started")?.data as { turn_id: string };
    expect(stream.envelopes.find((e) => e.type === "agent.turn_superseded")?.data).toEqual({
      turn_id: partial.turn_id,
      agent: "Architect",
      reason: "retried",
    });
    type Snapshot = { run: { status: string }; turns: { agent: string; status: string }[] };
    const snapshot = (await (await fetch(`${second.url}/api/v1/runs/${run.run_id}`)).json()) as Snapshot;
    expect(snapshot.run.status).toBe("completed");
    expect(snapshot.turns.map((t) => [t.agent, t.status])).toEqual([
      ["Architect", "superseded"],
      ["Architect", "completed"],
      ["Coder", "completed"],
    ]);
  });
});
