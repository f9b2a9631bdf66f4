// AgentArea's document ("SSE Real-Time Event Streaming Implementation Guide", seed 003): its client snippets
// as written against a production build — the JavaScript EventSource in Chromium, the Python examples with
// python3, the debug commands with curl — changing only host and port and filling the placeholders
// ({agent_id}, {task_id}) with the ids Parley answered. `requests` is not installable here: the Python runs
// with tests/conformance/support/requests.py, a standard-library stand-in for the calls it makes.
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import type { TestServer } from "@/tests/support/server";
import { readyState, runInBrowser } from "./browser";
import { launchChromium, onServer, run, snippet, startConformanceServer } from "./support";

let database: OwnDatabase;
let server: TestServer;
let browser: Browser;
const requestsShim = path.resolve(path.dirname(new URL(import.meta.url).pathname), "support");

beforeAll(async () => {
  database = await ownDatabase();
  [server, browser] = await Promise.all([
    startConformanceServer({ ...database.env, PARLEY_DEMO_TOKEN_MS: "3" }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

const eventLines = (stdout: string) => stdout.split("\n").filter((l) => l.startsWith("event: ") && l !== "event: heartbeat");

describe("AgentArea", () => {
  it("Python: Creating a Streaming Task, then Connecting to SSE Stream — every Workflow* line printed, to WorkflowCompleted", async () => {
    // A reader runs the two examples in turn, naming the agent: the built-in Coder (no identity needed).
    const create = onServer(snippet("agentarea/create-streaming-task.py"), server).replace(
      `"${server.url}/api/v1/agents/{agent_id}/tasks"`,
      `"${server.url}/api/v1/agents/coder/tasks"`,
    );
    const connect = onServer(snippet("agentarea/connect-sse-stream.py"), server);
    const script = path.join(os.tmpdir(), `agentarea-${process.pid}-${Date.now()}.py`);
    writeFileSync(script, `agent_id = "coder"\n${create}\n${connect}`);
    const r = await run(`python3 ${script}`, { env: { PYTHONPATH: requestsShim } });
    expect(r.code, r.stderr).toBe(0);
    const events = eventLines(r.stdout);
    expect(events[0]).toBe("event: WorkflowStarted");
    expect(events.at(-1)).toBe("event: WorkflowCompleted");
    expect(events.filter((l) => l === "event: WorkflowLLMCallStarted")).toHaveLength(5);
    const started = r.stdout
      .split("\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => JSON.parse(l.slice(6)))
      .find((d) => d.event_type === "WorkflowLLMCallStarted");
    // The document's "gpt-4" on a server without an OpenAI key: served by the demo model, and said so.
    expect(started).toMatchObject({ model: "demo", estimated_cost: expect.any(Number), agent: "Architect" });
    expect(r.stdout).toMatch(/^id: \d+-\d+$/m);
  });

  it("JavaScript: the EventSource logs each LLM call's model and estimated cost, and stops after the task's end", async () => {
    const ids = { agent: "", task: "" };
    const prepare = async (page: Page) => {
      Object.assign(
        ids,
        await page.evaluate(async (body) => {
          const post = (url: string, json: unknown) =>
            fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(json) }).then(
              (r) => r.json(),
            );
          // A saved agent of this browser's person, and a task on it with the document's JSON body.
          const agent = await post("/api/v1/agents", { name: "streaming_agent", model: "gpt-4" });
          const task = await post(`/api/v1/agents/${agent.id}/tasks`, JSON.parse(body));
          await post(`/api/v1/agents/${agent.id}/tasks/${task.id}/execute`, {
            query: "Explain quantum computing in simple terms",
            enable_streaming: true,
          });
          return { agent: agent.id as string, task: task.id as string };
        }, snippet("agentarea/task-parameters.json")),
      );
      return snippet("agentarea/event-source.js").replace("{agent_id}", ids.agent).replace("{task_id}", ids.task);
    };
    const page = await runInBrowser(browser, server, prepare, { handle: "eventSource" });
    try {
      const logged = await page.logged((l) => l.text.startsWith("LLM call started:"));
      expect(logged.args).toEqual(["LLM call started:", "demo", expect.any(Number)]);
      // The stream ends at WorkflowCompleted; EventSource reconnects once, is answered 204, and stays closed.
      await page.page.waitForFunction(() => (window as unknown as { __es: EventSource }).__es.readyState === 2, null, {
        timeout: 30_000,
      });
      expect(await readyState(page.page)).toBe(2);
      expect(page.requests(`/tasks/${ids.task}/events/stream`)).toHaveLength(2);
      // Every frame is named (Workflow*, heartbeat): the snippet's onmessage sees none of them.
      expect(page.logs.filter((l) => l.text.startsWith("Received event:"))).toEqual([]);
      const task = await fetch(`${server.url}/api/v1/agents/${ids.agent}/tasks/${ids.task}`, {
        headers: { cookie: (await page.page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ") },
      });
      expect(await task.json()).toMatchObject({ status: "completed", user_id: "user123" });
    } finally {
      await page.close();
    }
  });

  it("curl: the Debug Commands — health, the agents, a task's status (temporal is AgentArea's own, not found here)", async () => {
    const created = await fetch(`${server.url}/api/v1/agents/architect/tasks`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: snippet("agentarea/task-parameters.json"),
    });
    const task = (await created.json()) as { id: string };
    const commands = onServer(snippet("agentarea/debug-commands.sh"), server)
      .replace("{agent_id}", "architect")
      .replace("{task_id}", task.id);
    const r = await run(commands);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/temporal: command not found/);
    const [health, agents, status] = r.stdout.split(/(?<=\})(?=\{)/).map((part) => JSON.parse(part));
    expect(health).toMatchObject({ status: "ok" });
    expect(agents.agents.map((a: { name: string }) => a.name)).toContain("Architect");
    expect(status).toMatchObject({ id: task.id, agent_id: "architect", status: "pending", description: "My streaming task" });
  });
});
