// AG-UI in on a real `next start`: a scripted multi-agent AG-UI producer (built with @ag-ui/encoder and
// @ag-ui/core) taken in every way — posted as JSON and NDJSON, piped as a streamed SSE body (cut mid-way
// and sent again: every event once), and pulled by Parley itself with HttpAgent — each time showing its
// lanes, tokens, tool call, state, reasoning and kept events in the snapshot, the stream and `parley watch`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import {
  REASONING_TEXT,
  REPORT_TEXT,
  RESEARCH_TEXT,
  type ScriptedAgent,
  scriptedRun,
  sseBody,
  startScriptedAgent,
} from "@/tests/support/ag-ui-agent";
import { parley } from "@/tests/support/cli";
import { call, type Producer, producer, runIdOf } from "@/tests/support/producer";
import { watchToEnd } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;
let agent: ScriptedAgent;
/** The same script at a pace a person (or `parley watch`) can follow. */
let slowAgent: ScriptedAgent;
let p: Producer;

beforeAll(async () => {
  agent = await startScriptedAgent({ delayMs: 2 });
  slowAgent = await startScriptedAgent({ delayMs: 120 });
  const allowed = [agent, slowAgent].map((a) => `127.0.0.1:${new URL(a.url).port}`).join(",");
  server = await startServer({ env: { PARLEY_AG_UI_ALLOWED_HOSTS: allowed, PARLEY_RATE_LIMIT_SCALE: "100" } });
  p = producer(server, await server.apiKey(["runs"]));
});
afterAll(async () => {
  await server?.stop();
  await agent?.close();
  await slowAgent?.close();
});

/** What every way of taking the script in must show. */
async function expectScriptedRun(runId: string) {
  const events = await watchToEnd(server, runId);
  expectOnce(events);
  const snap = (await p.snapshot(runId)).body;
  expect(snap.run).toMatchObject({ status: "completed", strategy: "external", summary: "Report written" });
  expect(snap.turns.map((t: { agent: string; text: string }) => [t.agent, t.text])).toEqual([
    ["Researcher", RESEARCH_TEXT],
    ["Writer", REPORT_TEXT],
  ]);
  expect(snap.turns[0].tools).toEqual([
    expect.objectContaining({
      tool: "web_search",
      input: { query: "rate limiter algorithms" },
      success: true,
      output_preview: "3 papers found",
    }),
  ]);
  expect(snap.turns[1].reasoning).toBe(REASONING_TEXT);
  expect(snap.state).toEqual({ phase: "writing", findings: ["token bucket"] });
  expect(snap.log.map((l: { type: string }) => l.type)).toEqual(["CUSTOM", "RAW"]);
  expect(snap.log[1].data).toMatchObject({ event: { node: "writer" }, source: "langgraph" });
  const md = (await call(server, p.key, "GET", `/api/v1/runs/${runId}/export?format=md`)).body as string;
  expect(md).toContain("## State");
  expect(md).toContain('"token bucket"');
  expect(md).toContain("ag-ui RAW");
  expect(md).toContain("_Reasoning:_ The findings favour the token bucket.");
  return events;
}

/** The stream carries each token once: the tokens of each turn add up to its text exactly. */
function expectOnce(events: Envelope[]) {
  const text = (agentName: string) =>
    events
      .filter((e) => e.type === "agent.token" && (e.data as { agent: string }).agent === agentName)
      .map((e) => (e.data as { text: string }).text)
      .join("");
  expect(text("Researcher")).toBe(RESEARCH_TEXT);
  expect(text("Writer")).toBe(REPORT_TEXT);
  expect(events.filter((e) => e.type === "tool.invoked")).toHaveLength(1);
  expect(events.filter((e) => e.type === "run.completed")).toHaveLength(1);
  expect(events.filter((e) => e.type === "step").map((e) => (e.data as { step: string }).step)).toEqual([
    "Researcher",
    "Researcher",
    "Writer",
    "Writer",
  ]);
}

describe("posted", () => {
  it("as a JSON array", async () => {
    const runId = runIdOf(await p.start({ task: "Research rate limiters" }));
    const res = await p.agUi(runId, JSON.stringify(scriptedRun(runId, runId)), "application/json");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: "completed" });
    await expectScriptedRun(runId);
  });

  it("as NDJSON over two requests: a message open across them continues", async () => {
    const runId = runIdOf(await p.start({ task: "Research rate limiters" }));
    const lines = scriptedRun(runId, runId).map((e) => JSON.stringify(e));
    const half = 6; // inside the Researcher's message
    expect((await p.agUi(runId, lines.slice(0, half).join("\n"), "application/x-ndjson")).status).toBe(200);
    const mid = (await p.snapshot(runId)).body;
    expect(mid.turns[0]).toMatchObject({ status: "running", agent: "Researcher" });
    expect(RESEARCH_TEXT.startsWith(mid.turns[0].text)).toBe(true);
    expect((await p.agUi(runId, `${lines.slice(half).join("\n")}\n`, "application/x-ndjson")).status).toBe(200);
    await expectScriptedRun(runId);
  });

  it("an NDJSON body with no Content-Length is read no further than its 4 MiB limit: 413, not read for ever", async () => {
    const runId = runIdOf(await p.start({ task: "Endless" }));
    const line = `${JSON.stringify({ type: "CUSTOM", name: "pad", value: "x".repeat(64 * 1024) })}\n`;
    const chunk = new TextEncoder().encode(line);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.url}/api/v1/runs/${runId}/ag-ui`, {
      method: "POST",
      headers: { Authorization: `Bearer ${p.key}`, "Content-Type": "application/x-ndjson" },
      body: endless,
      duplex: "half",
      signal: AbortSignal.timeout(20_000),
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect((await p.snapshot(runId)).body.log).toEqual([]);
  });

  it("refuses a broken AG-UI event whole (422) and an event after the end (409), writing nothing", async () => {
    const runId = runIdOf(await p.start({ task: "Broken" }));
    const before = (await p.snapshot(runId)).body;
    const bad = [
      { type: "TEXT_MESSAGE_START", messageId: "m1", role: "assistant" },
      { type: "TEXT_MESSAGE_CONTENT", messageId: "m1" },
    ];
    const res = await p.agUi(runId, JSON.stringify(bad), "application/json");
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toMatch(/^events\.1/);
    const after = (await p.snapshot(runId)).body;
    expect(after.last_event_id).toBe(before.last_event_id);
    expect(after.turns).toEqual([]);
    const unknownCall = await p.agUi(
      runId,
      JSON.stringify([{ type: "TOOL_CALL_ARGS", toolCallId: "x", delta: "{}" }]),
      "application/json",
    );
    expect(unknownCall.status).toBe(422);
    const finished = [{ type: "RUN_FINISHED", threadId: runId, runId }];
    expect((await p.agUi(runId, JSON.stringify(finished), "application/json")).status).toBe(200);
    const late = await p.agUi(runId, JSON.stringify([{ type: "CUSTOM", name: "late", value: 1 }]), "application/json");
    expect(late.status).toBe(409);
  });
});

describe("piped as a streamed text/event-stream body", () => {
  it("cut mid-stream and sent again from the start: every event taken once", async () => {
    const runId = runIdOf(await p.start({ task: "Research rate limiters" }));
    const frames = sseBody(scriptedRun(runId, runId));
    const cutAt = 12;
    // The first attempt: a body that stops after `cutAt` frames and never ends — the connection drops.
    const abort = new AbortController();
    const encoder = new TextEncoder();
    const first = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const frame of frames.slice(0, cutAt)) controller.enqueue(encoder.encode(frame));
      },
    });
    const pending = fetch(`${server.url}/api/v1/runs/${runId}/ag-ui`, {
      method: "POST",
      headers: { Authorization: `Bearer ${p.key}`, "Content-Type": "text/event-stream" },
      body: first,
      signal: abort.signal,
      duplex: "half",
    } as RequestInit).catch(() => null);
    // Wait until Parley has taken in what arrived, then drop the connection.
    for (let i = 0; i < 100; i++) {
      const turns = (await p.snapshot(runId)).body.turns;
      if (turns[0]?.text.length >= 30) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    abort.abort();
    await pending;
    const mid = (await p.snapshot(runId)).body;
    expect(mid.run.status).toBe("running");
    expect(mid.turns[0].text.length).toBeGreaterThan(0);
    // The producer sends its stream again, from the start: what was taken is skipped by its id.
    const again = await fetch(`${server.url}/api/v1/runs/${runId}/ag-ui`, {
      method: "POST",
      headers: { Authorization: `Bearer ${p.key}`, "Content-Type": "text/event-stream" },
      body: frames.join(""),
    });
    const body = (await again.json()) as { accepted: number; skipped: number; status: string };
    expect(again.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe("completed");
    expect(body.skipped).toBeGreaterThan(0);
    expect(body.skipped).toBeLessThanOrEqual(cutAt);
    await expectScriptedRun(runId);
  });
});

describe("pulled by Parley from the agent", () => {
  it("calls the agent with HttpAgent (threadId = run id, the task as the user's message, its headers) and takes its stream in", async () => {
    const created = await p.start({
      task: "Research rate limiters",
      source: { ag_ui: { url: agent.url, headers: { "X-Agent-Key": "secret-1" }, forwarded_props: { depth: 2 } } },
    });
    const runId = runIdOf(created);
    const events = await expectScriptedRun(runId);
    expect(events.some((e) => e.type === "run.log")).toBe(true);
    const request = agent.requests.find((r) => r.input.threadId === runId);
    expect(request?.input.messages).toEqual([expect.objectContaining({ role: "user", content: "Research rate limiters" })]);
    expect(request?.input.forwardedProps).toEqual({ depth: 2 });
    expect(request?.headers["x-agent-key"]).toBe("secret-1");
  });

  it("`parley watch` follows it live: its lanes, their text, the tool call and the state", async () => {
    const runId = runIdOf(await p.start({ task: "Research rate limiters", source: { ag_ui: { url: slowAgent.url } } }));
    const watch = parley(["watch", runId, "--server", server.url]);
    expect(await watch.exited, watch.stderr()).toBe(0);
    const out = watch.stdout();
    expect(out).toContain("Researcher (assistant · ag-ui) is writing");
    expect(out).toContain(RESEARCH_TEXT);
    expect(out).toContain(REPORT_TEXT);
    expect(out).toContain("tool web_search ✓ 3 papers found");
    expect(out).toContain('state: {"phase":"writing","findings":["token bucket"]}');
    expect(out).toContain("ag-ui CUSTOM");
    await expectScriptedRun(runId);
  });

  it("only calls the hosts the operator allowed (SSRF), refusing before a run exists", async () => {
    for (const url of [
      "http://169.254.169.254/latest",
      "http://localhost:1/x",
      "http://user:pw@127.0.0.1:1/x",
      "file:///etc/passwd",
    ]) {
      const res = await p.start({ task: "Nope", source: { ag_ui: { url } } });
      expect(res.status, url).toBeGreaterThanOrEqual(403);
      expect(res.status, url).toBeLessThanOrEqual(422);
    }
    const reserved = await p.start({ task: "Nope", source: { ag_ui: { url: agent.url, headers: { Host: "evil" } } } });
    expect(reserved.status).toBe(422);
  });
});
