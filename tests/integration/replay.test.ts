// Replay on a real server. The property: for every strategy on the demo model (and for an external and an
// AG-UI run), the state at each turn boundary rebuilt from the stored events — the way the run page's
// scrubber and `parley replay` rebuild it — equals the state a reader following the run live had at that
// boundary, and the whole replay ends where the stored run is. Then `parley replay` plays a finished run,
// comments made after its end included, at the speed asked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { initialStreamState, streamReducer } from "@/lib/events/stream-state";
import { isTerminalEventType } from "@/lib/runs/schemas";
import { playbackOffsets, positionOfCursor, ReplayTape, replayBase } from "@/lib/runs/state/run-replay";
import { applyRunEvent, fromSnapshot, type RunState } from "@/lib/runs/state/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { scriptedRun } from "@/tests/support/ag-ui-agent";
import { parleyToEnd } from "@/tests/support/cli";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { type Producer, producer, runIdOf } from "@/tests/support/producer";
import { startServer, type TestServer } from "@/tests/support/server";
import { request } from "@/tests/support/session-client";
import { closeStream, readSse, type SseReader } from "@/tests/support/sse-reader";
import { room } from "@/tests/support/steering";

let server: TestServer;
let p: Producer;
let database: OwnDatabase;

beforeAll(async () => {
  // A database of its own on PostgreSQL: this server's sweep must not take other test files' runs, nor theirs its.
  database = await ownDatabase();
  server = await startServer({
    env: {
      ...database.env,
      PARLEY_DEMO_TOKEN_MS: "2",
      PARLEY_TRUST_USER_HEADER: "true",
      PARLEY_RATE_LIMIT_SCALE: "100",
    },
  });
  p = producer(server, await server.apiKey(["runs"]));
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

type Headers = Record<string, string>;

async function snapshotOf(runId: string, headers: Headers): Promise<RunSnapshot> {
  const res = await request(`${server.url}/api/v1/runs/${runId}`, "GET", undefined, headers);
  if (res.status !== 200) throw new Error(`snapshot: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RunSnapshot;
}

async function openStream(runId: string, headers: Headers, lastEventId?: string) {
  const abort = new AbortController();
  const res = await fetch(`${server.url}/api/v1/runs/${runId}/events`, {
    headers: { ...headers, ...(lastEventId && { "Last-Event-ID": lastEventId }) },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`stream: ${res.status} ${await res.text()}`);
  const reader = readSse(res.body);
  return Object.assign(reader, { abort: () => closeStream(abort, reader) });
}

type Reader = Awaited<ReturnType<typeof openStream>>;

const ended = (r: SseReader) => r.envelopes.some((e) => isTerminalEventType(e.type));
const boundary = (e: Envelope) => e.type === "agent.turn_completed" || e.type === "agent.turn_failed";

/** The first turn that ended. */
function firstTurnId(events: Envelope[]): string {
  const data = events.find(boundary)?.data as { turn_id: string } | undefined;
  if (!data) throw new Error("no turn ended");
  return data.turn_id;
}

/**
 * What a person sees of a state. Left out: who watches now and what the reader may do (not history), the
 * prices (the server's table, not the run's), and when turns and the run started — a reader whose snapshot
 * already held a turn shows the stored row's time, a replay the event's (the same moment, stamped twice).
 */
function shown(s: RunState) {
  const { watchers: _w, rights: _r, prices: _p, resets: _x, run, turns, ...rest } = s;
  const { started_at: _s, created_at: _c, ...runShown } = run;
  return { ...rest, run: runShown, turns: turns.map(({ started_at: _t, ...t }) => t) };
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Times written as "<time>": the stored rows and the events stamp the same moment a few ms apart. */
const untimed = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === "string" && ISO_TIME.test(v) ? "<time>" : v));

/**
 * What the stored run and a replay played to its end must agree on: turns, people's notes, gates and
 * comments, usage and outcome. Not: the exact times (see untimed), the latency of a turn cut short (stored,
 * but no event carries it), the remaining-time estimate and budget warnings (the events' alone).
 */
function record(s: RunState) {
  const { turns, notes, gates, comments, usage, log, shared, success, progress, run } = shown(s);
  const { completed_steps, total_steps } = progress;
  const { status, verdict, summary, error } = run;
  const cut = turns.map((t) => (t.status === "completed" ? t : { ...t, latency_ms: null }));
  return untimed({
    turns: cut,
    notes,
    gates,
    comments,
    usage,
    log,
    shared,
    success,
    completed_steps,
    total_steps,
    status,
    verdict,
    summary,
    error,
  });
}

/**
 * Follows a run live from its snapshot, as the run page does (fromSnapshot, then every event of the stream
 * through the stream reducer), recording the state at each turn's end; `steer` acts while it goes.
 */
async function followLive(runId: string, headers: Headers, steer: (r: Reader) => Promise<void> = async () => {}) {
  const first = await snapshotOf(runId, headers);
  const reader = await openStream(runId, headers);
  await steer(reader);
  await reader.waitFor(ended, 60_000);
  expect(await reader.ended).toBe("end");
  const reduce = streamReducer(applyRunEvent);
  let live = initialStreamState(fromSnapshot(first));
  const boundaries: { cursor: string; state: RunState }[] = [];
  // A fork's inherited turns are stored before they are announced (whole, at its start): a reader whose
  // snapshot already held them saw them all at once, so the boundaries are those of the turns run live.
  const inherited = new Set<string>();
  for (const event of reader.envelopes) {
    live = reduce(live, { type: "event", event });
    const d = event.data as { turn_id?: string; inherited_from?: string | null };
    if (event.type === "agent.turn_started" && d.inherited_from && d.turn_id) inherited.add(d.turn_id);
    if (boundary(event) && !inherited.has(d.turn_id ?? "")) boundaries.push({ cursor: event.id, state: live.data });
  }
  return { live: reader.envelopes, boundaries, last: live.data };
}

/** The property, for one run: every boundary rebuilt from the stored events equals the live one. */
async function expectReplayMatchesLive(runId: string, headers: Headers, steer?: (r: Reader) => Promise<void>) {
  const { live, boundaries } = await followLive(runId, headers, steer);
  const final = await snapshotOf(runId, headers);
  // The stored events, read again now the run is over: the same ones the live reader got.
  const storedReader = await openStream(runId, headers);
  await storedReader.waitFor(ended, 30_000);
  const stored = storedReader.envelopes;
  expect(stored.map((e) => e.id)).toEqual(live.map((e) => e.id));

  const tape = new ReplayTape(replayBase(final, stored), stored);
  expect(boundaries.length).toBeGreaterThan(0);
  for (const b of boundaries) {
    const at = positionOfCursor(stored, b.cursor);
    expect(at).not.toBeNull();
    expect(shown(tape.stateAt(at ?? 0)), `at ${b.cursor}`).toEqual(shown(b.state));
  }
  // Played to the end, the replay is the stored run.
  expect(record(tape.stateAt(stored.length))).toEqual(record(fromSnapshot(final)));
  return { stored, boundaries, final };
}

describe("a replay rebuilt from the stored events equals what a live reader saw, at every turn boundary", () => {
  it("a pipeline in a session, with a note, a comment and an approval gate", async () => {
    const r = await room([server]);
    const res = await r.owner("POST", "", {
      task: "Build a REST API with JWT auth",
      strategy: "pipeline",
      session_id: r.sessionId,
      approval: "final",
      seed: 3,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const runId = res.body.run_id as string;
    const { stored } = await expectReplayMatchesLive(runId, { "X-User-ID": r.ids.owner }, async (reader) => {
      await reader.waitFor((x) => x.envelopes.some(boundary), 30_000);
      expect((await r.editor("POST", `/${runId}/interjections`, { content: "Use PostgreSQL" })).status).toBe(201);
      await reader.waitFor((x) => x.envelopes.some((e) => e.type === "run.awaiting_approval"), 60_000);
      const gate = reader.envelopes.find((e) => e.type === "run.awaiting_approval")?.data as { gate_id: string };
      const turnId = firstTurnId(reader.envelopes);
      expect((await r.viewer("POST", `/${runId}/comments`, { content: "Nice design", anchor: { turn_id: turnId } })).status).toBe(
        201,
      );
      expect((await r.owner("POST", `/${runId}/gates/${gate.gate_id}`, { decision: "approve" })).status).toBe(200);
    });
    // The steering is in the record the replay plays.
    for (const type of ["run.interjection", "run.comment", "run.gate_vote", "run.gate_decided"]) {
      expect(stored.some((e) => e.type === type)).toBe(true);
    }
  });

  for (const strategy of ["debate", "race"] as const) {
    it(`a ${strategy}`, async () => {
      const res = await request(`${server.url}/api/v1/runs`, "POST", { task: "Tabs or spaces?", strategy, rounds: 1, seed: 5 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await expectReplayMatchesLive(res.body.run_id as string, {});
    });
  }

  it("a fork of a finished pipeline: its inherited turns arrive whole, then it runs live", async () => {
    const who = { "X-User-ID": "u_replay_forker" };
    const res = await request(`${server.url}/api/v1/runs`, "POST", { task: "Build it", strategy: "pipeline", seed: 4 }, who);
    expect(res.status).toBe(201);
    const sourceId = res.body.run_id as string;
    const source = await openStream(sourceId, who);
    await source.waitFor(ended, 60_000);
    const third = source.envelopes.filter((e) => e.type === "agent.turn_started")[2]?.data as { turn_id: string };
    const fork = await request(`${server.url}/api/v1/runs/${sourceId}/fork`, "POST", { at: { turn_id: third.turn_id } }, who);
    expect(fork.status, JSON.stringify(fork.body)).toBe(201);
    const { stored, final } = await expectReplayMatchesLive(fork.body.run.run_id as string, who);
    expect(final.turns.filter((t) => t.inherited)).toHaveLength(2);
    expect(stored.some((e) => e.type === "run.forked")).toBe(true);
  });

  it("an external run, its producer's own events", async () => {
    const runId = runIdOf(await p.start({ task: "Plan the migration", agents: [{ name: "Planner", model: "gpt-4o" }] }));
    const auth = { Authorization: `Bearer ${p.key}` };
    await expectReplayMatchesLive(runId, auth, async () => {
      const events = [
        { type: "agent.turn_started", data: { turn_id: "t1", agent: "Planner", model: "gpt-4o" } },
        { type: "agent.token", data: { turn_id: "t1", text: "Step one: " } },
        { type: "agent.token", data: { turn_id: "t1", text: "back up." } },
        { type: "agent.turn_completed", data: { turn_id: "t1", input_tokens: 100, output_tokens: 20 } },
        { type: "agent.turn_started", data: { turn_id: "t2", agent: "Coder", model: "gpt-4o" } },
        { type: "agent.token", data: { turn_id: "t2", text: "Done." } },
        { type: "agent.turn_completed", data: { turn_id: "t2" } },
        { type: "run.completed", data: { summary: "Migrated." } },
      ];
      expect((await p.post(runId, { events: events.slice(0, 5) })).status).toBe(200);
      expect((await p.post(runId, { events: events.slice(5) })).status).toBe(200);
    });
  });

  it("an AG-UI run", async () => {
    const runId = runIdOf(await p.start({ task: "Research rate limiters" }));
    const auth = { Authorization: `Bearer ${p.key}` };
    await expectReplayMatchesLive(runId, auth, async () => {
      const lines = scriptedRun(runId, runId).map((e) => JSON.stringify(e));
      expect((await p.agUi(runId, lines.slice(0, 6).join("\n"), "application/x-ndjson")).status).toBe(200);
      expect((await p.agUi(runId, `${lines.slice(6).join("\n")}\n`, "application/x-ndjson")).status).toBe(200);
    });
  });
});

describe("parley replay", () => {
  it("plays every stored event once — a comment made after the end too — at the speed asked", async () => {
    const who = { "X-User-ID": "u_replay_reader" };
    const res = await request(
      `${server.url}/api/v1/runs`,
      "POST",
      { task: "Tabs or spaces?", strategy: "debate", rounds: 1, seed: 9 },
      who,
    );
    expect(res.status).toBe(201);
    const runId = res.body.run_id as string;
    const during = await openStream(runId, who);
    await during.waitFor(ended, 60_000);
    const terminal = during.envelopes.at(-1) as Envelope;
    const turnId = firstTurnId(during.envelopes);
    const comment = await request(
      `${server.url}/api/v1/runs/${runId}/comments`,
      "POST",
      { content: "The judge was right", anchor: { turn_id: turnId } },
      who,
    );
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);
    // What the server holds: the run's events, then the comment after its end.
    const after = await openStream(runId, who, terminal.id);
    await after.waitFor((x) => x.envelopes.some((e) => e.type === "run.comment"), 10_000);
    after.abort();
    const stored = [...during.envelopes, ...after.envelopes.filter((e) => e.type === "run.comment")];

    const json = await parleyToEnd(["replay", runId, "--speed", "1000", "--json", "--server", server.url]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.envelopes().map((e) => e.id)).toEqual(stored.map((e) => e.id));

    // In a pipe: the plain log, paced — at 16× the run's own time (long waits shortened) it takes at least a 16th.
    const playback = playbackOffsets(stored).at(-1) ?? 0;
    expect(playback).toBeGreaterThan(500);
    const began = Date.now();
    const plain = await parleyToEnd(["replay", runId, "--speed", "16", "--server", server.url]);
    const took = Date.now() - began;
    expect(plain.code, plain.stderr).toBe(0);
    expect(took).toBeGreaterThanOrEqual(playback / 16);
    expect(plain.stdout).toMatch(/\] Proponent \(debater · demo\) is writing…\n/);
    expect(plain.stdout).toMatch(/\] Judge done · \d+ tokens/);
    expect(plain.stdout).toContain("✓ Run completed");

    const bad = await parleyToEnd(["replay", runId, "--speed", "0", "--server", server.url]);
    expect([bad.code, bad.stderr]).toEqual([2, "parley: --speed must be above 0 and at most 1000.\n"]);
    const missing = await parleyToEnd(["replay", "run_0000000000000000000", "--server", server.url]);
    expect(missing.code).toBe(2);
  });
});
