// Forking runs on one real `next start` (embedded database or PostgreSQL, memory hub): a finished demo
// pipeline forked at its third turn — turns 1–2 carried over byte for byte, not streamed, not billed;
// 3–5 new, the instruction quoted by the third agent — who may fork, bad bodies changing nothing, an
// external run refused unless its producer declared it can resume from a step (then it is told and runs the
// fork), a fork served as AG-UI (whole and resumed), and no model call for inherited turns.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EventType } from "@ag-ui/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSnapshot, TurnView } from "@/lib/runs/views";
import { type Reading, runAgentFor } from "@/tests/support/ag-ui-client";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { eventsOf } from "@/tests/support/events";
import { type FakeProvider, startFakeOpenAI } from "@/tests/support/fake-openai";
import { call, producer, runIdOf } from "@/tests/support/producer";
import { startRun, watchToEnd } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";
import { closeStream, readSse } from "@/tests/support/sse-reader";
import { type Room, room, runToEnd } from "@/tests/support/steering";

let server: TestServer;
let provider: FakeProvider;
let database: OwnDatabase;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-fork-"));

beforeAll(async () => {
  database = await ownDatabase();
  provider = await startFakeOpenAI((req) => `Answer ${req.messages.length}. VERDICT: PASS — SCORE: 8/10`);
  server = await startServer({
    env: {
      PARLEY_DATA_DIR: dataDir,
      ...database.env,
      PARLEY_TRUST_USER_HEADER: "true",
      OPENAI_COMPATIBLE_BASE_URL: provider.baseUrl,
      PARLEY_DEFAULT_MODEL: "demo",
      PARLEY_MODEL_PRICES: JSON.stringify({ demo: { input: 1, output: 2 }, "compatible:test-model": { input: 1, output: 2 } }),
      PARLEY_DEMO_TOKEN_MS: "2",
      PARLEY_RATE_LIMIT_SCALE: "100",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await provider?.close();
  await database?.drop();
});

const INSTRUCTION = "Keep the sessions in Redis, not in memory";

async function finishedPipeline(r: Room, body: Record<string, unknown> = {}): Promise<RunSnapshot> {
  const res = await r.owner("POST", "", {
    task: "Build a REST API with JWT auth",
    strategy: "pipeline",
    session_id: r.sessionId,
    seed: 11,
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await runToEnd(server, res.body.run_id, r.ids.owner);
  return (await r.owner("GET", `/${res.body.run_id}`)).body as RunSnapshot;
}

const sum = (turns: TurnView[], key: "input_tokens" | "output_tokens") => turns.reduce((n, t) => n + t[key], 0);

describe("forking a finished demo pipeline at its third turn", () => {
  it("carries turns 1–2 over byte for byte, unbilled and unstreamed; runs 3–5 live with the instruction quoted", async () => {
    const r = await room([server]);
    const source = await finishedPipeline(r);
    expect(source.turns.map((t) => t.agent)).toEqual(["Architect", "Coder", "Reviewer", "Refiner", "Documenter"]);
    const at = source.turns[2] as TurnView;

    const res = await r.editor("POST", `/${source.run.run_id}/fork`, { at: { turn_id: at.turn_id }, instruction: INSTRUCTION });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const created = res.body as RunSnapshot;
    const forkId = created.run.run_id;
    expect(forkId).not.toBe(source.run.run_id);
    expect(created.forked_from).toEqual({ run_id: source.run.run_id, turn_id: at.turn_id });
    expect(created.run.forked_from).toEqual(created.forked_from);
    expect(created.forks).toEqual([]);
    expect(created.run.session_id).toBe(r.sessionId);
    expect(created.turns.map((t) => [t.agent, t.inherited])).toEqual([
      ["Architect", true],
      ["Coder", true],
    ]);

    const events = await runToEnd(server, forkId, r.ids.owner);
    expect(events[0]?.type).toBe("run.created");
    expect(eventsOf(events, "run.forked").map((e) => e.data)).toEqual([
      { run_id: forkId, forked_from: { run_id: source.run.run_id, turn_id: at.turn_id }, inherited_turns: 2, by: r.ids.editor },
    ]);
    const fork = (await r.owner("GET", `/${forkId}`)).body as RunSnapshot;
    expect(fork.run.status).toBe("completed");
    expect(fork.turns.map((t) => [t.seq, t.agent, t.inherited])).toEqual([
      [1, "Architect", true],
      [2, "Coder", true],
      [3, "Reviewer", false],
      [4, "Refiner", false],
      [5, "Documenter", false],
    ]);
    const [inherited, live] = [fork.turns.slice(0, 2), fork.turns.slice(2)];
    for (const [i, turn] of inherited.entries()) {
      const original = source.turns[i] as TurnView;
      expect(Buffer.from(turn.text).equals(Buffer.from(original.text))).toBe(true);
      expect(turn.inherited_from).toBe(original.turn_id);
      expect([turn.input_tokens, turn.output_tokens, turn.cost_usd]).toEqual([
        original.input_tokens,
        original.output_tokens,
        original.cost_usd,
      ]);
    }
    // Inherited turns went out whole: started and completed, no token of theirs; the live ones streamed.
    const tokenTurns = new Set(eventsOf(events, "agent.token").map((e) => e.data.turn_id));
    for (const turn of inherited) expect(tokenTurns.has(turn.turn_id)).toBe(false);
    for (const turn of live) expect(tokenTurns.has(turn.turn_id)).toBe(true);
    expect(eventsOf(events, "agent.turn_started").map((e) => e.data.inherited_from ?? null)).toEqual([
      source.turns[0]?.turn_id,
      source.turns[1]?.turn_id,
      null,
      null,
      null,
    ]);
    // Billed: the live turns only.
    expect(fork.usage.input_tokens).toBe(sum(live, "input_tokens"));
    expect(fork.usage.output_tokens).toBe(sum(live, "output_tokens"));
    expect(fork.usage.cost_usd).toBeCloseTo(
      live.reduce((n, t) => n + t.cost_usd, 0),
      6,
    );
    expect(fork.usage.cost_usd).toBeLessThan(source.usage.cost_usd);
    const completed = eventsOf(events, "run.completed")[0]?.data;
    expect(completed?.usage.input_tokens).toBe(sum(live, "input_tokens"));

    // The instruction: a note to the agent at the fork point, read by its turn and quoted by the demo model.
    const note = fork.interjections.find((n) => n.content === INSTRUCTION);
    expect(note).toMatchObject({ to: "Reviewer", author: r.ids.editor, display_name: "Eddie" });
    expect(live[0]?.interjections).toEqual([note?.id]);
    expect(live[0]?.text).toContain(`“${INSTRUCTION}”`);
    expect(live[1]?.interjections).toEqual([]);

    const after = (await r.viewer("GET", `/${source.run.run_id}`)).body as RunSnapshot;
    expect(after.forks).toEqual([{ run_id: forkId, turn_id: at.turn_id, status: "completed", created_at: expect.any(String) }]);
    expect(after.turns.map((t) => t.text)).toEqual(source.turns.map((t) => t.text));
    expect(after.usage).toEqual(source.usage);
  });

  it("is refused to a viewer (403) and to an outsider (404), and a bad body (422) creates nothing", async () => {
    const r = await room([server]);
    const source = await finishedPipeline(r, { agents: ["Architect", "Coder", "Reviewer"] });
    const id = source.run.run_id;
    const at = { turn_id: source.turns[1]?.turn_id };
    const viewer = await r.viewer("POST", `/${id}/fork`, { at });
    expect([viewer.status, viewer.body.error.code]).toEqual([403, "forbidden"]);
    expect((await r.outsider("POST", `/${id}/fork`, { at })).status).toBe(404);
    const bad: [unknown, string][] = [
      [{}, "at"],
      [{ at: { turn_id: "run_nope_t9" } }, "at.turn_id"],
      [{ at, instruction: "" }, "instruction"],
      [{ at, model: "nonsense" }, "model"],
      [{ at, agents: ["Coder"] }, "agents"],
      [{ at, surprise: true }, ""],
    ];
    for (const [body, issue] of bad) {
      const res = await r.owner("POST", `/${id}/fork`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(issue);
    }
    const malformed = await fetch(`${server.url}/api/v1/runs/${id}/fork`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-User-ID": r.ids.owner },
      body: "{",
    });
    expect(malformed.status).toBe(400);
    const after = (await r.owner("GET", `/${id}`)).body as RunSnapshot;
    expect(after.forks).toEqual([]);
    const runs = (await r.owner("GET", `?session_id=${r.sessionId}`)).body.runs as unknown[];
    expect(runs).toHaveLength(1);
  });

  it("refuses an external run with 409: its agents live with its producer", async () => {
    const p = producer(server, await server.apiKey(["runs"]));
    const runId = runIdOf(await p.start({ agents: [{ name: "Planner", model: "gpt-4o" }] }));
    const posted = await p.post(runId, {
      type: "agent.turn_started",
      data: { turn_id: "t1", agent: "Planner", model: "gpt-4o" },
    });
    expect(posted.status).toBe(200);
    const turnId = ((await p.snapshot(runId)).body as RunSnapshot).turns[0]?.turn_id;
    const res = await call(server, p.key, "POST", `/api/v1/runs/${runId}/fork`, { at: { turn_id: turnId } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", message: expect.stringContaining("external run") });
    expect(((await p.snapshot(runId)).body as RunSnapshot).forks).toEqual([]);
  });
});

describe("a fork of an external run whose producer can resume from a step", () => {
  it("is the producer's new run: inherited turns, a control.fork on the source's controls, its events posted with its key", async () => {
    const r = await room([server]);
    const keyRes = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { "X-User-ID": r.ids.owner, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "producer", scopes: ["runs"] }),
    });
    const p = producer(server, ((await keyRes.json()) as { key: string }).key);
    const sourceId = runIdOf(
      await p.start({ session_id: r.sessionId, capabilities: { fork: true }, agents: [{ name: "Planner" }, { name: "Writer" }] }),
    );
    const done = await p.post(sourceId, {
      events: [
        { type: "agent.turn_started", data: { turn_id: "t1", agent: "Planner", model: "gpt-4o" } },
        { type: "agent.turn_completed", data: { turn_id: "t1", text: "Back up first, then migrate." } },
        { type: "agent.turn_started", data: { turn_id: "t2", agent: "Writer", model: "gpt-4o" } },
        { type: "agent.turn_completed", data: { turn_id: "t2", text: "Migrate in one go." } },
        { type: "run.completed", data: { summary: "Planned." } },
      ],
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const source = (await p.snapshot(sourceId)).body as RunSnapshot;
    const [planner, writer] = source.turns as [TurnView, TurnView];

    // The producer follows its finished run's controls: forks still come there.
    const abort = new AbortController();
    const stream = await fetch(`${server.url}/api/v1/runs/${sourceId}/controls`, {
      headers: { Authorization: `Bearer ${p.key}` },
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    const controls = readSse(stream.body as ReadableStream<Uint8Array>);

    const body = { at: { turn_id: writer.turn_id }, instruction: INSTRUCTION, model: "openai:gpt-4o-mini" };
    expect((await r.viewer("POST", `/${sourceId}/fork`, body)).status).toBe(403);
    expect((await r.editor("POST", `/${sourceId}/fork`, { ...body, agents: ["Writer"] })).status).toBe(422);
    const res = await r.editor("POST", `/${sourceId}/fork`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const created = res.body as RunSnapshot;
    const forkId = created.run.run_id;
    expect(created.run).toMatchObject({ strategy: "external", status: "running", session_id: r.sessionId });
    expect(created.forked_from).toEqual({ run_id: sourceId, turn_id: writer.turn_id });
    expect(created.turns.map((t) => [t.agent, t.inherited, t.text])).toEqual([["Planner", true, planner.text]]);

    await controls.waitFor((c) => c.envelopes.some((e) => e.type === "control.fork"));
    closeStream(abort, controls);
    const told = controls.envelopes.filter((e) => e.type === "control.fork");
    expect(told.map((e) => e.data)).toEqual([
      {
        run_id: forkId,
        forked_from: { run_id: sourceId, turn_id: writer.turn_id },
        inherited_turns: 1,
        instruction: INSTRUCTION,
        model: "openai:gpt-4o-mini",
      },
    ]);
    expect(((await p.snapshot(sourceId)).body as RunSnapshot).forks.map((f) => f.run_id)).toEqual([forkId]);

    // The producer runs the fork from its step, with its own key; only the new turn is billed.
    const ran = await p.post(forkId, {
      events: [
        { type: "agent.turn_started", data: { turn_id: "w2", agent: "Writer", model: "openai:gpt-4o-mini" } },
        { type: "agent.token", data: { turn_id: "w2", text: "Back up, then migrate in batches." } },
        { type: "agent.turn_completed", data: { turn_id: "w2", input_tokens: 30, output_tokens: 9 } },
        { type: "run.completed", data: { summary: "Planned in batches." } },
      ],
    });
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    expect(ran.body.status).toBe("completed");
    const fork = (await p.snapshot(forkId)).body as RunSnapshot;
    expect(fork.turns.map((t) => [t.agent, t.inherited, t.text])).toEqual([
      ["Planner", true, planner.text],
      ["Writer", false, "Back up, then migrate in batches."],
    ]);
    expect([fork.usage.input_tokens, fork.usage.output_tokens]).toEqual([30, 9]);
    // Its stream tells the inherited turn whole, then the producer's.
    const events = await runToEnd(server, forkId, r.ids.owner);
    const started = eventsOf(events, "agent.turn_started").map((e) => e.data.inherited_from ?? null);
    expect(started).toEqual([planner.turn_id, null]);
  });
});

describe("a fork outside a session", () => {
  it("calls no model for its inherited turns, and reads as AG-UI whole and resumed by cursor", async () => {
    const source = await startRun(server, {
      task: "Design a rate limiter",
      strategy: "pipeline",
      agents: ["Architect", "Coder", "Reviewer"],
      model: "compatible:test-model",
    });
    await watchToEnd(server, source.run_id);
    const sourceSnap = (await call(server, null, "GET", `/api/v1/runs/${source.run_id}`)).body as RunSnapshot;
    const calls = provider.requests.length;
    const res = await call(server, null, "POST", `/api/v1/runs/${source.run_id}/fork`, {
      at: { turn_id: sourceSnap.turns[2]?.turn_id },
      model: "demo",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const forkId = (res.body as RunSnapshot).run.run_id;
    await watchToEnd(server, forkId);
    // Two turns inherited, the third on the demo model: the provider heard nothing more.
    expect(provider.requests.length).toBe(calls);
    const fork = (await call(server, null, "GET", `/api/v1/runs/${forkId}`)).body as RunSnapshot;
    expect(fork.turns.map((t) => t.model)).toEqual(["compatible:test-model", "compatible:test-model", "demo"]);

    const whole: Reading = { lastId: null, types: [] };
    const uncut = runAgentFor(server, forkId, whole);
    await uncut.runAgent();
    expect(whole.types.at(-1)).toBe(EventType.RUN_FINISHED);
    const assistants = uncut.messages.filter((m) => m.role === "assistant");
    expect(assistants.map((m) => m.content)).toEqual(fork.turns.map((t) => t.text));

    const reading: Reading = { lastId: null, types: [] };
    const cut = runAgentFor(server, forkId, reading, { cutAt: EventType.TEXT_MESSAGE_CONTENT, cutAfter: 3 });
    await cut.runAgent();
    expect(reading.types).not.toContain(EventType.RUN_FINISHED);
    const resumed = runAgentFor(server, forkId, { lastId: null, types: [] }, { resumeFrom: reading.lastId });
    resumed.messages = structuredClone(cut.messages);
    await resumed.runAgent();
    expect(resumed.messages).toEqual(uncut.messages);
  });
});
