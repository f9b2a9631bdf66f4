// AG-UI out on a real `next start`: a built-in demo pipeline read by @ag-ui/client's HttpAgent — which
// verifies every stream — whole; cut mid-message and resumed by cursor (it passes verification again and
// ends with the same messages as an uncut read); and a RunAgentInput posted to /api/v1/ag-ui driving a run.
import { HttpAgent } from "@ag-ui/client";
import { EventType } from "@ag-ui/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Reading, runAgentFor } from "@/tests/support/ag-ui-client";
import { startRun, watchToEnd } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PARLEY_DEMO_TOKEN_MS: "2", PARLEY_RATE_LIMIT_SCALE: "100" } });
});
afterAll(() => server?.stop());

const fresh = (): Reading => ({ lastId: null, types: [] });

async function pipeline(task = "Build a REST API with JWT auth") {
  const run = await startRun(server, { task, strategy: "pipeline", seed: 7 });
  return run.run_id;
}

describe("a run read as AG-UI", () => {
  it("a whole demo pipeline passes HttpAgent's verification: a message per turn, steps, tool calls, the end", async () => {
    const runId = await pipeline();
    const reading = fresh();
    const agent = runAgentFor(server, runId, reading);
    const result = await agent.runAgent();
    expect(reading.types[0]).toBe(EventType.RUN_STARTED);
    expect(reading.types.at(-1)).toBe(EventType.RUN_FINISHED);
    expect(reading.types).toContain(EventType.STEP_STARTED);
    expect(reading.types).toContain(EventType.TOOL_CALL_RESULT);
    const assistants = agent.messages.filter((m) => m.role === "assistant");
    expect(assistants.map((m) => ("name" in m ? m.name : null))).toEqual([
      "Architect",
      "Coder",
      "Reviewer",
      "Refiner",
      "Documenter",
    ]);
    expect(assistants.every((m) => typeof m.content === "string" && m.content.length > 20)).toBe(true);
    expect(agent.messages[0]).toMatchObject({ role: "user", content: "Build a REST API with JWT auth" });
    expect(agent.messages.some((m) => m.role === "tool")).toBe(true);
    expect(result.newMessages.length).toBe(agent.messages.length);
    // Every frame that carries a run event carries its cursor: the last one is the run's last event.
    const all = await watchToEnd(server, runId);
    expect(reading.lastId).toBe(all.at(-1)?.id);
  });

  it("cut mid-message and resumed by cursor: verified again, and the same messages as an uncut read", async () => {
    const runId = await pipeline("Design a rate limiter");
    await watchToEnd(server, runId);
    const uncut = runAgentFor(server, runId, fresh());
    await uncut.runAgent();

    const reading = fresh();
    const cut = runAgentFor(server, runId, reading, { cutAt: EventType.TEXT_MESSAGE_CONTENT, cutAfter: 3 });
    await cut.runAgent();
    expect(reading.types).not.toContain(EventType.RUN_FINISHED);
    const openAt = reading.types.lastIndexOf(EventType.TEXT_MESSAGE_START);
    expect(openAt).toBeGreaterThan(reading.types.lastIndexOf(EventType.TEXT_MESSAGE_END)); // mid-message
    const partial = structuredClone(cut.messages);
    expect(partial.length).toBeLessThan(uncut.messages.length);

    const resumedReading = fresh();
    const resumed = runAgentFor(server, runId, resumedReading, { resumeFrom: reading.lastId });
    resumed.messages = partial; // the same client, carrying on
    await resumed.runAgent();
    expect(resumedReading.types.slice(0, 2)).toEqual([EventType.RUN_STARTED, EventType.MESSAGES_SNAPSHOT]);
    expect(resumedReading.types).toContain(EventType.TEXT_MESSAGE_START);
    expect(resumed.messages).toEqual(uncut.messages);
  });
});

describe("POST /api/v1/ag-ui", () => {
  it("a RunAgentInput starts a run and streams it: the last user message is the task, forwardedProps the options", async () => {
    const agent = new HttpAgent({ url: `${server.url}/api/v1/ag-ui`, threadId: "thread-1" });
    agent.addMessage({ id: "u1", role: "user", content: "Should we adopt event sourcing?" });
    const types: string[] = [];
    await agent.runAgent(
      { runId: "client-run-1", forwardedProps: { strategy: "debate", rounds: 1 } },
      { onEvent: ({ event }) => void types.push(event.type) },
    );
    expect(types[0]).toBe(EventType.RUN_STARTED);
    expect(types.at(-1)).toBe(EventType.RUN_FINISHED);
    const assistants = agent.messages.filter((m) => m.role === "assistant");
    expect(assistants.length).toBeGreaterThanOrEqual(3); // two debaters and a judge
    expect(agent.messages[0]).toMatchObject({ id: "u1", role: "user" });
    expect(agent.messages.filter((m) => m.role === "user")).toHaveLength(1);
  });

  it("refuses a RunAgentInput without a user message (422) and a bad one (422)", async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/ag-ui`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const empty = await post({ threadId: "t", runId: "r", messages: [], tools: [], context: [] });
    expect(empty.status).toBe(422);
    const bad = await post({ threadId: 1 });
    expect(bad.status).toBe(422);
  });
});
