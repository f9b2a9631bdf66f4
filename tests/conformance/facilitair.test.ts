// Facilitair's document ("Streaming Consensus Implementation Summary", seed 001): its CLI runs as written —
// `python cli/streaming_client.py "task"` with FAC_API_KEY — pointed at Parley with FACILITAIR_API_BASE.
// The document describes its client but does not print it; examples/facilitair/cli/streaming_client.py is
// that client as described, in standard-library Python.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "@/tests/support/server";
import { run, snippet, startConformanceServer } from "./support";

let server: TestServer;
const cwd = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../examples/facilitair");
const env = () => ({ FACILITAIR_API_BASE: server.url });

beforeAll(async () => {
  server = await startConformanceServer({ PARLEY_DEMO_TOKEN_MS: "3" });
});
afterAll(() => server?.stop());

/** What one task's run printed: the stream id, each agent's section, and the final result. */
function expectTaskOutput(stdout: string) {
  expect(stdout).toMatch(/Stream created: run_/);
  for (const agent of ["Architect", "Coder", "Reviewer", "Refiner", "Documenter"]) expect(stdout).toContain(`=== ${agent} ===`);
  const result = stdout.split("Final result:\n")[1] ?? "";
  expect(result.trim().length).toBeGreaterThan(20);
}

describe("the Facilitair CLI", () => {
  it("Usage: FAC_API_KEY and one task", async () => {
    const r = await run(snippet("facilitair/usage.sh"), { cwd, env: env() });
    expect(r.code, r.stderr).toBe(0);
    expectTaskOutput(r.stdout);
  });

  it("Testing the Implementation: run the CLI client", async () => {
    const r = await run(snippet("facilitair/run-client.sh"), { cwd, env: env() });
    expect(r.code, r.stderr).toBe(0);
    expectTaskOutput(r.stdout);
  });

  it("Test with Different Tasks: a simple task, and one with a JSON context", async () => {
    const r = await run(snippet("facilitair/different-tasks.sh"), { cwd, env: { ...env(), FAC_API_KEY: "your-api-key-here" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/Final result:/g)).toHaveLength(2);
    const [first = "", second = ""] = r.stdout.split(/(?=Stream created: )/).filter((part) => part.startsWith("Stream created"));
    expectTaskOutput(first);
    expectTaskOutput(second);
    const status = await fetch(`${server.url}/api/stream/status/${second.match(/run_[0-9a-z]+/)?.[0]}`);
    expect(((await status.json()) as { task: string }).task).toContain("frameworks: fastapi");
  });

  it('Troubleshooting: without FAC_API_KEY it says "FAC_API_KEY environment variable not set"', async () => {
    const r = await run('python3 cli/streaming_client.py "Write a function to sort a list"', {
      cwd,
      env: { ...env(), FAC_API_KEY: "" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("FAC_API_KEY environment variable not set");
  });
});
