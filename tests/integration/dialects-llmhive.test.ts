// LLMHive's dialect on a real server: the collaboration stream at the document's path in the document's
// shape (Parley's envelope with ?format=parley), the manual test's test streams where they are served (and
// 404 where not), the document's fields on a run's orchestration stream, and its invite URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";
import { closeStream, readSse } from "@/tests/support/sse-reader";

let server: TestServer;
let closed: TestServer;

beforeAll(async () => {
  [server, closed] = await Promise.all([
    startServer({ env: { PARLEY_TRUST_USER_HEADER: "true", PARLEY_LLMHIVE_TEST_STREAMS: "true" } }),
    startServer({ env: { PARLEY_LLMHIVE_TEST_STREAMS: "false" } }),
  ]);
});
afterAll(() => Promise.all([server?.stop(), closed?.stop()]));

async function open(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream ${res.status}: ${await res.text()}`);
  const reader = readSse(res.body);
  return Object.assign(reader, { abort: () => closeStream(abort, reader) });
}

const dataOf = (r: { events: { event?: string; data: string }[] }, name?: string) =>
  r.events.filter((e) => e.event === name).map((e) => JSON.parse(e.data));

describe("LLMHive's collaboration stream", () => {
  it("speaks the document's shape at its path: new_message, participant_joined/left {user_id}, session_deleted, then ends", async () => {
    const alice = user(server);
    const bob = user(server);
    const s = (await alice.create({ title: "Team Brainstorm", is_public: true })).body;
    const es = await open(`${server.url}/api/v1/collaborate/${s.session_id}/stream`, { "X-User-ID": alice.id });
    expect((await bob.join(s.invite_token, "Bob")).status).toBe(200);
    expect((await alice.say(s.session_id, "Hello everyone!")).status).toBe(201);
    expect((await bob.call("POST", `/${s.session_id}/leave`)).status).toBeLessThan(300);
    expect((await alice.call("DELETE", `/${s.session_id}`)).status).toBeLessThan(300);
    expect(await es.ended).toBe("end");
    const frames = dataOf(es).filter((e) =>
      ["new_message", "participant_joined", "participant_left", "session_deleted"].includes(e.type),
    );
    expect(frames.map((e) => e.type)).toEqual(["participant_joined", "new_message", "participant_left", "session_deleted"]);
    expect(frames[0]).toMatchObject({ user_id: bob.id, display_name: "Bob" });
    expect(frames[1].message).toMatchObject({ content: "Hello everyone!", author_id: alice.id });
    expect(frames[2]).toMatchObject({ user_id: bob.id });
    // Every frame is unnamed (onmessage) and carries its cursor, so EventSource resumes it.
    expect(es.events.every((e) => e.event === undefined && e.id)).toBe(true);
  });

  it("serves Parley's envelope with ?format=parley, and refuses an unknown format", async () => {
    const alice = user(server);
    const s = (await alice.create({ title: "envelopes" })).body;
    const parley = await open(`${server.url}/api/v1/collaborate/${s.session_id}/stream?format=parley`, { "X-User-ID": alice.id });
    await alice.say(s.session_id, "hi");
    await parley.waitFor((r) => r.envelopes.some((e) => e.type === "session.message_created"));
    parley.abort();
    const bad = await fetch(`${server.url}/api/v1/collaborate/${s.session_id}/stream?format=xml`, {
      headers: { "X-User-ID": alice.id },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });

  it("serves the invite page at /collaborate/join?token=… as well as /join", async () => {
    const alice = user(server);
    const s = (await alice.create({ title: "Invited" })).body;
    for (const page of ["/join", "/collaborate/join"]) {
      const res = await fetch(`${server.url}${page}?token=${s.invite_token}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Invited");
      expect((await fetch(`${server.url}${page}?token=nope`)).status).toBe(404);
    }
  });
});

describe("LLMHive's manual test", () => {
  it("streams any id and emits a test event onto it with GET …/test", async () => {
    const es = await open(`${server.url}/api/v1/events/orchestration/test-session`);
    const emitted = await fetch(`${server.url}/api/v1/events/orchestration/test-session/test`);
    expect(emitted.status).toBe(200);
    expect(await emitted.json()).toMatchObject({ status: "emitted", session_id: "test-session" });
    await es.waitFor((r) => r.events.some((e) => e.event === "orchestration_event"));
    expect(dataOf(es, "orchestration_event")[0]).toMatchObject({ type: "step", details: { step: "test" } });
    es.abort();
  });

  it("limits test events per address (20 per 10 s)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await fetch(`${server.url}/api/v1/events/orchestration/limited/test`)).status);
    // The test above emitted within the same 10 s from the same address: at most 20 in all pass.
    const refused = statuses.indexOf(429);
    expect(refused).toBeGreaterThanOrEqual(18);
    expect(statuses.slice(0, refused).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(refused).every((s) => s === 429)).toBe(true);
  });

  it("is 404 where it is not served, naming the setting", async () => {
    for (const path of ["/api/v1/events/orchestration/test-session", "/api/v1/events/orchestration/test-session/test"]) {
      const res = await fetch(`${closed.url}${path}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("PARLEY_LLMHIVE_TEST_STREAMS");
    }
  });
});

describe("LLMHive's orchestration stream of a run", () => {
  it("carries the document's details, and a filter of unknown types selects nothing", async () => {
    const res = await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ task: "What is 2+2?", strategy: "pipeline" }),
    });
    const { run_id } = (await res.json()) as { run_id: string };
    const all = await open(`${server.url}/api/v1/events/orchestration/${run_id}`);
    const none = await open(`${server.url}/api/v1/events/orchestration/${run_id}?filter=no_such_type`);
    expect(await all.ended).toBe("end");
    expect(await none.ended).toBe("end");
    const response = dataOf(all, "orchestration_event").find((e) => e.type === "model_response");
    expect(response.details).toMatchObject({
      model: expect.any(String),
      tokens: expect.any(Number),
      latency_ms: expect.any(Number),
    });
    expect(response.details.tokens).toBe(response.details.input_tokens + response.details.output_tokens);
    expect(dataOf(none, "orchestration_event")).toEqual([]);
  });
});
