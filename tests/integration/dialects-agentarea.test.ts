// AgentArea's dialect on a real server: its health check, and tasks on agents — created, executed as a
// Parley run (streaming and batch), their status, their named Workflow* events (history then live,
// heartbeats, resume by Last-Event-ID, the end at the terminal event), the batch wait's bound, and bad
// input refused with nothing changed. (The agents resource itself: agents.test.ts.)
import type { EventSourceMessage } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { startServer, type TestServer } from "@/tests/support/server";
import { request as call, newUserId } from "@/tests/support/session-client";
import { readSse, type SseReader } from "@/tests/support/sse-reader";

let database: OwnDatabase;
let server: TestServer;
let briefWait: TestServer;

beforeAll(async () => {
  // Its own database on PostgreSQL: tasks' runs stay with this file's servers (see tests/support/database.ts).
  database = await ownDatabase();
  [server, briefWait] = await Promise.all([
    startServer({
      env: {
        ...database.env,
        PARLEY_TRUST_USER_HEADER: "true",
        PARLEY_RATE_LIMIT_SCALE: "10",
        PARLEY_KEEPALIVE_MS: "300",
        PARLEY_DEMO_TOKEN_MS: "4",
        PARLEY_SWEEPER: "off",
      },
    }),
    startServer({
      env: { ...database.env, PARLEY_TRUST_USER_HEADER: "true", PARLEY_TASK_BATCH_WAIT_MS: "300", PARLEY_SWEEPER: "off" },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), briefWait?.stop()]);
  await database?.drop();
});

function as(user: string | null, on: () => TestServer = () => server) {
  const headers: Record<string, string> = user ? { "X-User-ID": user } : {};
  const api = (method: string, path: string, body?: unknown) => call(`${on().url}/api/v1${path}`, method, body, headers);
  const tasks = (agent: string) => `/agents/${agent}/tasks`;
  return {
    api,
    saveAgent: (body: unknown) => api("POST", "/agents", body),
    create: (agent: string, body: unknown) => api("POST", tasks(agent), body),
    list: (agent: string) => api("GET", tasks(agent)),
    get: (agent: string, task: string) => api("GET", `${tasks(agent)}/${task}`),
    execute: (agent: string, task: string, body?: unknown) => api("POST", `${tasks(agent)}/${task}/execute`, body),
    async stream(agent: string, task: string, lastEventId?: string) {
      const abort = new AbortController();
      const response = await fetch(`${on().url}/api/v1${tasks(agent)}/${task}/events/stream`, {
        headers: { ...headers, ...(lastEventId && { "Last-Event-ID": lastEventId }) },
        signal: abort.signal,
      });
      return { response, abort, sse: response.ok && response.body ? readSse(response.body) : null };
    },
  };
}

const named = (sse: SseReader) => sse.events.filter((e) => e.event !== "heartbeat");
const types = (frames: EventSourceMessage[]) => frames.map((e) => e.event);
const dataOf = (e: EventSourceMessage | undefined) => JSON.parse(e?.data ?? "null");
const ended = (sse: SseReader) => types(named(sse)).some((t) => t === "WorkflowCompleted" || t === "WorkflowFailed");

async function readToEnd(sse: SseReader, timeoutMs = 30_000) {
  await sse.waitFor(ended, timeoutMs);
  expect(await sse.ended).toBe("end");
}

function expectOrderedOnce(frames: EventSourceMessage[]) {
  const ids = frames.map((e) => e.id ?? "");
  expect(ids.every(Boolean)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  const cursor = (id: string) => id.split("-").map(Number) as [number, number];
  for (let i = 1; i < ids.length; i++) {
    const [a, b] = [cursor(ids[i - 1] ?? ""), cursor(ids[i] ?? "")];
    expect(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])).toBe(true);
  }
}

describe("AgentArea's health check", () => {
  it("GET /health answers as /api/health does, and hands out no identity", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("set-cookie")).toBeNull();
    // A page still gets one: the proxy's exclusion is /health alone.
    expect((await fetch(`${server.url}/healthy`)).headers.get("set-cookie")).toContain("parley");
  });
});

describe("AgentArea tasks", () => {
  it("a task on a built-in role runs its team live: named events, history then live, heartbeats, paused and resumed, ending at WorkflowCompleted", async () => {
    const alice = as(newUserId());
    const created = await alice.create("coder", {
      description: "Explain quantum computing",
      user_id: "user123",
      task_parameters: { enable_streaming: true, model: "gpt-4" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^task_/),
      agent_id: "coder",
      user_id: "user123",
      status: "pending",
      run_id: null,
    });
    const id = created.body.id as string;
    expect((await alice.get("coder", id)).body.status).toBe("pending");

    const executed = await alice.execute("coder", id, {
      query: "Explain quantum computing in simple terms",
      enable_streaming: true,
    });
    expect(executed.status).toBe(202);
    expect(executed.body).toMatchObject({ status: "running", run_id: expect.stringMatching(/^run_/), enable_streaming: true });
    const runId = executed.body.run_id as string;
    // Steerable as any run: its creator pauses it, so the stream below opens on a run that is not over.
    expect((await alice.api("POST", `/runs/${runId}/pause`)).status).toBe(200);

    const live = await alice.stream("coder", id);
    expect(live.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const sse = live.sse as SseReader;
    await sse.waitFor((r) => types(named(r)).includes("WorkflowPaused"), 15_000);
    await sse.waitFor((r) => r.events.some((e) => e.event === "heartbeat"), 5_000);
    const heartbeat = dataOf(sse.events.find((e) => e.event === "heartbeat"));
    expect(heartbeat).toMatchObject({ event_type: "heartbeat", timestamp: expect.any(String) });
    expect((await alice.get("coder", id)).body.status).toBe("paused");
    const beforeResume = named(sse).length;

    expect((await alice.api("POST", `/runs/${runId}/resume`)).status).toBe(200);
    await readToEnd(sse);
    const frames = named(sse);
    expect(frames.length).toBeGreaterThan(beforeResume);
    expect(types(frames).slice(beforeResume)).toContain("WorkflowResumed");
    expect(types(frames)[0]).toBe("WorkflowStarted");
    expect(types(frames).at(-1)).toBe("WorkflowCompleted");
    expectOrderedOnce(frames);
    // The whole team: the pipeline's five calls, each on the demo model (gpt-4 has no key here).
    const calls = frames.filter((e) => e.event === "WorkflowLLMCallStarted").map(dataOf);
    expect(calls.map((d) => d.agent)).toEqual(["Architect", "Coder", "Reviewer", "Refiner", "Documenter"]);
    expect(calls[0]).toMatchObject({ model: "demo", estimated_cost: expect.any(Number), task_id: id, agent_id: "coder" });
    const task = (await alice.get("coder", id)).body;
    expect(task).toMatchObject({ status: "completed", run_id: runId, result: expect.any(String), run_url: `/runs/${runId}` });
    // The run is a Parley run like any other.
    expect((await alice.api("GET", `/runs/${runId}`)).body.run).toMatchObject({ status: "completed", strategy: "pipeline" });
  });

  it("batch mode on a saved agent answers with all the task's events at once; the stream replays them and resumes by Last-Event-ID", async () => {
    const bob = as(newUserId());
    const agent = (await bob.saveAgent({ name: "Explainer", instructions: "You explain simply." })).body.id as string;
    const created = await bob.create(agent, {
      description: "Explain quantum computing",
      task_parameters: { enable_streaming: false, instructions: "You are a helpful assistant." },
    });
    const id = created.body.id as string;
    const batch = await bob.execute(agent, id, { query: "Explain quantum computing in simple terms", enable_streaming: false });
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({
      status: "completed",
      complete: true,
      enable_streaming: false,
      result: expect.any(String),
    });
    const events = batch.body.events as { event_type: string; model?: string }[];
    expect(events[0]?.event_type).toBe("WorkflowStarted");
    expect(events.at(-1)?.event_type).toBe("WorkflowCompleted");
    expect(events.find((e) => e.event_type === "WorkflowLLMCallStarted")).toMatchObject({ model: "demo", agent: "Explainer" });
    const run = (await bob.api("GET", `/runs/${batch.body.run_id}`)).body.run;
    expect(run.agents).toEqual([
      { name: "Explainer", role: "agent", model: "demo", instructions: "You are a helpful assistant." },
    ]);

    const whole = await bob.stream(agent, id);
    await readToEnd(whole.sse as SseReader);
    const frames = named(whole.sse as SseReader);
    expect(types(frames)).toEqual(events.map((e) => e.event_type));
    expect(frames.map(dataOf)).toEqual(events);
    expect(frames.at(-1)?.id).toBe(batch.body.last_event_id);

    const resumed = await bob.stream(agent, id, frames[1]?.id);
    await readToEnd(resumed.sse as SseReader);
    expect(named(resumed.sse as SseReader).map((e) => e.id)).toEqual(frames.slice(2).map((e) => e.id));
    // Resuming after the terminal event (EventSource reconnecting after the end) is 204: it stops there.
    expect((await bob.stream(agent, id, frames.at(-1)?.id)).response.status).toBe(204);
    expect((await bob.list(agent)).body.tasks.map((t: { id: string }) => t.id)).toEqual([id]);
  });

  it("past the batch wait's bound, execute answers 202 with the events so far, and the stream continues from its last_event_id", async () => {
    const carol = as(newUserId(), () => briefWait);
    const agent = (await carol.saveAgent({ name: "Slow" })).body.id as string;
    const id = (await carol.create(agent, { description: "Explain quantum computing" })).body.id as string;
    const started = Date.now();
    const batch = await carol.execute(agent, id, {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(batch.status).toBe(202);
    expect(batch.body).toMatchObject({ status: "running", complete: false, enable_streaming: false });
    const soFar = batch.body.events as { event_type: string }[];
    expect(soFar.map((e) => e.event_type)).not.toContain("WorkflowCompleted");

    const rest = await carol.stream(agent, id, batch.body.last_event_id ?? undefined);
    await readToEnd(rest.sse as SseReader, 60_000);
    const whole = await carol.stream(agent, id);
    await readToEnd(whole.sse as SseReader);
    expect([...soFar.map((e) => e.event_type), ...types(named(rest.sse as SseReader))]).toEqual(
      types(named(whole.sse as SseReader)),
    );
    expect((await carol.get(agent, id)).body.status).toBe("completed");
  });

  it("refuses bad input, a second execute and someone else's agent with the documented errors, changing nothing", async () => {
    const dan = as(newUserId());
    const eve = as(newUserId());
    const agent = (await dan.saveAgent({ name: "Private" })).body.id as string;
    expect((await dan.create(agent, {})).status).toBe(422);
    expect((await dan.create(agent, { description: "x".repeat(4001) })).status).toBe(422);
    expect((await dan.create(agent, { description: "x", surprise: 1 })).status).toBe(422);
    expect((await dan.create(agent, { description: "x", task_parameters: { enable_streaming: "yes" } })).status).toBe(422);
    expect((await dan.create(agent, { description: "x", task_parameters: { model: "openai:gpt-4o" } })).status).toBe(422);
    expect((await dan.create("judge", { description: "x", task_parameters: { instructions: "Be kind" } })).status).toBe(422);
    expect((await dan.create(agent, "{not json")).status).toBe(400);
    expect((await dan.create("no-such-agent", { description: "x" })).status).toBe(404);
    expect((await dan.list(agent)).body.tasks).toEqual([]);

    const id = (await dan.create(agent, { description: "Mine" })).body.id as string;
    // Someone else's agent is not there at all, nor its tasks.
    expect((await eve.create(agent, { description: "x" })).status).toBe(404);
    expect((await eve.get(agent, id)).status).toBe(404);
    expect((await eve.execute(agent, id, {})).status).toBe(404);
    expect((await eve.stream(agent, id)).response.status).toBe(404);
    expect((await dan.get("coder", id)).status).toBe(404);
    expect((await dan.get(agent, "task_nope")).status).toBe(404);

    expect((await dan.stream(agent, id)).response.status).toBe(409);
    expect((await dan.execute(agent, id, { enable_streaming: "no" })).status).toBe(422);
    expect((await dan.execute(agent, id, { query: "" })).status).toBe(422);
    expect((await dan.get(agent, id)).body).toMatchObject({ status: "pending", run_id: null, executed_at: null });
    const done = await dan.execute(agent, id, {});
    expect(done.status).toBe(200);
    expect((await dan.execute(agent, id, {})).status).toBe(409);
    expect((await dan.get(agent, id)).body.run_id).toBe(done.body.run_id);

    // Deleting the agent deletes its tasks (the run stays a run).
    expect((await dan.api("DELETE", `/agents/${agent}`)).status).toBe(200);
    expect((await dan.get(agent, id)).status).toBe(404);
    expect((await dan.api("GET", `/runs/${done.body.run_id}`)).status).toBe(200);
  });

  it("an API key acts as the person who made it: their saved agent's tasks, executed and streamed with the key", async () => {
    const grace = newUserId();
    const made = await call(`${server.url}/api/v1/keys`, "POST", { name: "tasks" }, { "X-User-ID": grace });
    const bearer = { Authorization: `Bearer ${made.body.key}` };
    const agent = (await as(grace).saveAgent({ name: "Keyed" })).body.id as string;
    const base = `${server.url}/api/v1/agents/${agent}/tasks`;
    const created = await call(base, "POST", { description: "Explain quantum computing" }, bearer);
    expect(created.status).toBe(201);
    expect((await call(`${base}/${created.body.id}/execute`, "POST", { enable_streaming: false }, bearer)).status).toBe(200);
    const stream = await fetch(`${base}/${created.body.id}/events/stream`, { headers: bearer });
    const sse = readSse(stream.body as ReadableStream<Uint8Array>);
    await readToEnd(sse);
    expect(types(named(sse)).at(-1)).toBe("WorkflowCompleted");
    // The key's owner sees the task as theirs; nobody without the key or the owner's identity does.
    expect((await as(grace).get(agent, created.body.id)).body.status).toBe("completed");
    expect((await call(`${base}/${created.body.id}`, "GET")).status).toBe(404);
  });

  it("anyone may run the document's example on a built-in agent without an identity, and keeps at most 100 tasks pending (409)", async () => {
    const anonymous = as(null);
    const created = await anonymous.create("architect", { description: "Explain quantum computing", user_id: "user123" });
    expect(created.status).toBe(201);
    const frank = as(newUserId());
    for (let i = 0; i < 99; i++) expect((await frank.create("coder", { description: `task ${i}` })).status).toBe(201);
    const last = await frank.create("coder", { description: "the hundredth" });
    expect(last.status).toBe(201);
    const over = await frank.create("coder", { description: "one too many" });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toMatch(/100 tasks not yet executed/);
    // Executing one frees a place.
    expect((await frank.execute("coder", last.body.id, { enable_streaming: true })).status).toBe(202);
    expect((await frank.create("coder", { description: "now it fits" })).status).toBe(201);
  });

  it("takes 30 new tasks a minute per person (429 with Retry-After after), storing nothing more", async () => {
    const henry = as(newUserId(), () => briefWait);
    for (let i = 0; i < 30; i++) expect((await henry.create("coder", { description: `task ${i}` })).status).toBe(201);
    const refused = await henry.create("coder", { description: "one more" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.body.error.message).toMatch(/Too many new tasks/);
    expect((await henry.list("coder")).body.tasks).toHaveLength(30);
  });
});
