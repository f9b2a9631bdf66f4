// The examples in examples/, run as a newcomer would run them against a real `next start`: the
// stdlib-only Python producer with the machine's python3, and the AG-UI client driving a run.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/tests/support/producer";
import { startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;

beforeAll(async () => {
  // A lease far longer than the test: a run that did not start at once would wait for the sweeper to find it
  // lost (the AG-UI POST once started its run only after its own response — the run's stream — had ended).
  server = await startServer({
    env: { PARLEY_DEMO_TOKEN_MS: "2", PARLEY_RATE_LIMIT_SCALE: "100", PARLEY_RUN_LEASE_MS: "600000" },
  });
});
afterAll(() => server?.stop());

function run(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("examples/python_producer.py", () => {
  it("run with python3 and nothing installed, ends in a completed run with its agents, tool call and state", async () => {
    const key = await server.apiKey(["runs"]);
    const out = await run("python3", ["examples/python_producer.py", "Plan the orders migration"], {
      PARLEY_URL: server.url,
      PARLEY_API_KEY: key,
      PACE_S: "0",
    });
    expect(out.code, out.stderr).toBe(0);
    const runId = /runs\/(run_[0-9a-z]+)/.exec(out.stdout)?.[1];
    expect(runId, out.stdout).toBeDefined();
    const snap = (await call(server, key, "GET", `/api/v1/runs/${runId}`)).body;
    expect(snap.run).toMatchObject({ status: "completed", strategy: "external", summary: "A three-step migration plan." });
    expect(snap.turns.map((t: { agent: string }) => t.agent)).toEqual(["Planner", "Writer"]);
    expect(snap.turns[0].text).toContain("plan the orders migration");
    expect(snap.turns[0].tools[0]).toMatchObject({ tool: "row_count", output_preview: "1,204,331 rows" });
    expect(snap.state).toEqual({ phase: "writing", steps: [] });
    expect(snap.usage.cost_usd).toBeGreaterThan(0);
  });

  it("says what to do without a key", async () => {
    const out = await run("python3", ["examples/python_producer.py"], { PARLEY_URL: server.url, PARLEY_API_KEY: "" });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("--scope runs");
  });
});

describe("examples/ag-ui-client.mjs", () => {
  it("drives a debate through POST /api/v1/ag-ui and prints it as it streams", async () => {
    const out = await run(process.execPath, ["examples/ag-ui-client.mjs", "Tabs or spaces?"], { PARLEY_URL: server.url });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/— Judge —/);
    expect(out.stdout).toMatch(/runs\/run_[0-9a-z]+/);
  });
});
