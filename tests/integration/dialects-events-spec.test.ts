// The events spec's dialect on a real server: its events published over HTTP as `{type, job}`, streamed at
// its paths as SSE filtered by project, kind and job, resumed by cursor, and refused without the scopes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";
import { closeStream, readSse } from "@/tests/support/sse-reader";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startServer();
  key = await server.apiKey(["publish:project.*", "subscribe:project.*"]);
});
afterAll(() => server?.stop());

const publish = (project: string, body: unknown, as = key) =>
  fetch(`${server.url}/api/stream/projects/${project}/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${as}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

async function open(path: string, headers: Record<string, string> = { Authorization: `Bearer ${key}` }) {
  const abort = new AbortController();
  const res = await fetch(`${server.url}${path}`, { headers, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream ${res.status}: ${await res.text()}`);
  const reader = readSse(res.body);
  return Object.assign(reader, { abort: () => closeStream(abort, reader) });
}

const frames = (r: { events: { data: string }[] }) => r.events.map((e) => JSON.parse(e.data));

describe("the events spec's streams", () => {
  it("a job's stream has that job's {type, job} events only, the project's ingest stream every job's, in order", async () => {
    const job = await open("/api/stream/projects/acme/ingest/job-1");
    const all = await open("/api/stream/projects/acme/ingest");
    const runs = await open("/api/stream/projects/acme/agent-runs/run-1");
    const other = await open("/api/stream/projects/other/ingest");
    const created = await publish("acme", {
      events: [
        { type: "ingest.job.created", job: { id: "job-1", source: "s3://bucket" } },
        { type: "ingest.job.created", job: { id: "job-2" } },
        { type: "agent.run.created", run: { id: "run-1", agent: "indexer" } },
        { type: "agent.step.updated", step: { run_id: "run-1", name: "embed" } },
      ],
    });
    expect(created.status).toBe(201);
    expect((await publish("acme", { type: "ingest.job.completed", job: { id: "job-1", rows: 42 } })).status).toBe(201);
    await job.waitFor((r) => r.events.length >= 2);
    await all.waitFor((r) => r.events.length >= 3);
    await runs.waitFor((r) => r.events.length >= 2);
    expect(frames(job)).toEqual([
      { type: "ingest.job.created", job: { id: "job-1", source: "s3://bucket" } },
      { type: "ingest.job.completed", job: { id: "job-1", rows: 42 } },
    ]);
    expect(frames(all).map((e) => e.job.id)).toEqual(["job-1", "job-2", "job-1"]);
    expect(frames(runs).map((e) => e.type)).toEqual(["agent.run.created", "agent.step.updated"]);
    expect(job.events.every((e) => e.event === undefined && e.id)).toBe(true);
    expect(other.events).toEqual([]);

    // Reconnecting with the last cursor: only what came after it.
    const lastId = job.events[0]?.id ?? null;
    for (const s of [job, all, runs, other]) s.abort();
    const resumed = await open("/api/stream/projects/acme/ingest/job-1", {
      Authorization: `Bearer ${key}`,
      "Last-Event-ID": lastId ?? "",
    });
    await resumed.waitFor((r) => r.events.length >= 1);
    expect(frames(resumed)).toEqual([{ type: "ingest.job.completed", job: { id: "job-1", rows: 42 } }]);
    resumed.abort();
  });

  it("a read token minted for the project's channel opens its streams (what EventSource and the hooks use)", async () => {
    const minted = await fetch(`${server.url}/api/v1/channels/project.tokens/tokens`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: "{}",
    });
    const { token } = (await minted.json()) as { token: string };
    await publish("tokens", { type: "workflow.node_state.updated", node: { run_id: "wf-1", node: "load", state: "done" } });
    const s = await open(`/api/stream/projects/tokens/workflows/wf-1?token=${encodeURIComponent(token)}`, {});
    await s.waitFor((r) => r.events.length >= 1);
    expect(frames(s)[0]).toMatchObject({ type: "workflow.node_state.updated", node: { state: "done" } });
    s.abort();
  });

  it("refuses what the spec does not say, and readers and publishers without the scope", async () => {
    const bad = await publish("acme", { type: "ingest.job.created", run: { id: "x" } });
    expect(bad.status).toBe(422);
    expect((await publish("acme", { type: "ingest.job.exploded", job: { id: "x" } })).status).toBe(422);
    expect((await publish("ACME", { type: "ingest.job.created", job: { id: "x" } })).status).toBe(400);
    const readOnly = await server.apiKey(["subscribe:project.*"]);
    expect((await publish("acme", { type: "ingest.job.created", job: { id: "x" } }, readOnly)).status).toBe(403);
    expect((await fetch(`${server.url}/api/stream/projects/acme/ingest/job-1`)).status).toBe(401);
    const elsewhere = await server.apiKey(["subscribe:ingest.*"]);
    const refused = await fetch(`${server.url}/api/stream/projects/acme/ingest`, {
      headers: { Authorization: `Bearer ${elsewhere}` },
    });
    expect(refused.status).toBe(403);
    expect(
      (await fetch(`${server.url}/api/stream/projects/acme/jobs`, { headers: { Authorization: `Bearer ${key}` } })).status,
    ).toBe(404);
    // Nothing of the refused publishes reached the project.
    const all = await open("/api/stream/projects/acme/ingest");
    await all.waitFor((r) => r.events.length >= 3);
    expect(frames(all).some((e) => e.job.id === "x")).toBe(false);
    all.abort();
  });
});
