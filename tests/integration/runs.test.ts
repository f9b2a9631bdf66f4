// Runs on a real server: a real OpenAI-format provider end to end, resume mid-run, controls, budgets,
// runs in sessions, the compatibility streams, and bad input on every endpoint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { type FakeProvider, startFakeOpenAI, usageFor } from "@/tests/support/fake-openai";
import { openRunStream, startRun, typesOf, watchToEnd } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";

let server: TestServer;
let provider: FakeProvider;

/** The fake model's answers: role-specific, and they quote what the previous agent said. */
function replyTo(req: { messages: { role: string; content: string }[] }) {
  const system = req.messages.find((m) => m.role === "system")?.content ?? "";
  const prompt = req.messages.find((m) => m.role === "user")?.content ?? "";
  if (prompt.includes("EXPLODE")) return "FAIL:500";
  const role = /You are the (\w+)/.exec(system)?.[1] ?? "Agent";
  const seen = (prompt.match(/^## (\w+)$/gm) ?? []).map((h) => h.slice(3)).join(",");
  if (role === "Coder") return "Here is the code:\n```ts\nexport const ok = () => ({ ok: true });\n```\n";
  if (role === "Reviewer") return `Reviewed after ${seen}. VERDICT: PASS — SCORE: 9/10`;
  return `${role} speaking, having read [${seen}] of the task.`;
}

beforeAll(async () => {
  provider = await startFakeOpenAI(replyTo);
  server = await startServer({
    env: {
      PARLEY_TRUST_USER_HEADER: "true",
      OPENAI_COMPATIBLE_BASE_URL: provider.baseUrl,
      // The provider is configured, but runs use the demo model unless they name the provider's model.
      PARLEY_DEFAULT_MODEL: "demo",
      PARLEY_MODEL_PRICES: JSON.stringify({ "compatible:test-model": { input: 1, output: 2 } }),
      PARLEY_DEMO_TOKEN_MS: "4",
      PARLEY_KEEPALIVE_MS: "150",
      PARLEY_RATE_LIMIT_SCALE: "100",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await provider?.close();
});

const completedTurns = (events: Envelope[]) =>
  events.filter((e) => e.type === "agent.turn_completed").map((e) => e.data as Record<string, unknown>);

describe("a pipeline through a real OpenAI-compatible provider", () => {
  it("streams every agent's tokens, and each agent sees the earlier agents' work", async () => {
    const before = provider.requests.length;
    const run = await startRun(server, {
      task: "Build a health check endpoint",
      strategy: "pipeline",
      model: "compatible:test-model",
    });
    const events = await watchToEnd(server, run.run_id);
    expect(typesOf(events).slice(0, 3)).toEqual(["run.created", "run.strategy_selected", "run.started"]);
    expect(events.at(-1)?.type).toBe("run.completed");

    const turns = completedTurns(events);
    expect(turns.map((t) => t.agent)).toEqual(["Architect", "Coder", "Reviewer", "Refiner", "Documenter"]);
    const requests = provider.requests.slice(before);
    expect(requests).toHaveLength(5);
    expect(requests.every((r) => r.model === "test-model" && r.stream)).toBe(true);
    // Each request carries the earlier agents' output.
    expect(requests[4]?.messages.find((m) => m.role === "user")?.content).toContain("## Refiner");
    expect(turns[2]?.text).toBe("Reviewed after Architect,Coder. VERDICT: PASS — SCORE: 9/10");

    for (const [i, t] of turns.entries()) {
      const tokens = events.filter((e) => e.type === "agent.token" && (e.data as { turn_id: string }).turn_id === t.turn_id);
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.map((e) => (e.data as { text: string }).text).join("")).toBe(t.text);
      // Usage is the provider's own report; cost comes from the price table.
      const usage = usageFor(requests[i]!, replyTo(requests[i]!));
      expect([t.input_tokens, t.output_tokens]).toEqual([usage.prompt_tokens, usage.completion_tokens]);
      expect(t.cost_usd).toBeCloseTo((usage.prompt_tokens * 1 + usage.completion_tokens * 2) / 1e6, 6);
    }
    expect(events.find((e) => e.type === "tool.result")?.data).toMatchObject({ tool: "code_check", success: true });
    expect(events.find((e) => e.type === "verification")?.data).toMatchObject({ passed: true, score: 9 });

    const snapshot = (await (await fetch(`${server.url}/api/v1/runs/${run.run_id}`)).json()) as {
      turns: { text: string; status: string }[];
      usage: { cost_usd: number; output_tokens: number };
      run: { status: string; verdict: unknown; summary: string; demo: boolean };
    };
    expect(snapshot.run.status).toBe("completed");
    expect(snapshot.run.demo).toBe(false);
    expect(snapshot.turns.map((t) => t.text)).toEqual(turns.map((t) => t.text));
    expect(snapshot.usage.output_tokens).toBe(turns.reduce((n, t) => n + (t.output_tokens as number), 0));
    expect(snapshot.run.verdict).toMatchObject({ passed: true, score: 9 });
  });

  it("a provider error fails the run with a readable message and ends the stream", async () => {
    const run = await startRun(server, { task: "EXPLODE please", strategy: "pipeline", model: "compatible:test-model" });
    const events = await watchToEnd(server, run.run_id);
    expect(events.at(-2)).toMatchObject({
      type: "agent.turn_failed",
      data: { agent: "Architect", error_type: "provider_error" },
    });
    expect(events.at(-1)).toMatchObject({ type: "run.failed", data: { error_type: "provider_error" } });
    expect(events.at(-1)?.data).toMatchObject({ message: expect.stringMatching(/Architect.s model call failed/) });
  });
});

describe("watching runs", () => {
  it("a reader that drops mid-run and resumes with its cursor gets every event exactly once", async () => {
    const run = await startRun(server, { task: "Build a REST API with JWT auth", strategy: "pipeline", seed: 5 });
    const first = await openRunStream(server, `/api/v1/runs/${run.run_id}/events`);
    await first.waitFor((r) => r.envelopes.filter((e) => e.type === "agent.token").length >= 15);
    first.abort();
    const second = await openRunStream(server, `/api/v1/runs/${run.run_id}/events`, first.lastEventId);
    await second.waitFor((r) => r.envelopes.some((e) => e.type === "run.completed"), 60_000);
    const received = [...first.envelopes, ...second.envelopes].map((e) => e.id);
    const whole = (await watchToEnd(server, run.run_id)).map((e) => e.id);
    expect(received).toEqual(whole);
    expect(new Set(received).size).toBe(received.length);
  });

  it("the LLMHive compatibility stream frames orchestration events with their names", async () => {
    const run = await startRun(server, { task: "Should we cache sessions in Redis?", strategy: "debate", rounds: 1 });
    const all = await openRunStream(server, `/api/v1/events/orchestration/${run.run_id}?dev_mode=true`);
    const filtered = await openRunStream(server, `/api/v1/events/orchestration/${run.run_id}?filter=model_call,complete`);
    expect(await all.ended).toBe("end");
    expect(await filtered.ended).toBe("end");
    const named = all.events.filter((e) => e.event === "orchestration_event").map((e) => JSON.parse(e.data));
    expect(named[0]).toMatchObject({ type: "strategy_selected", message: "Strategy: debate", details: { strategy: "debate" } });
    const types = new Set(named.map((e) => e.type));
    expect([...types]).toEqual(
      expect.arrayContaining(["strategy_selected", "step", "model_call", "model_response", "verification", "complete"]),
    );
    for (const e of named) expect(Object.keys(e).sort()).toEqual(["details", "message", "timestamp", "type"]);
    expect(named.find((e) => e.type === "model_response")?.details.text.length).toBeGreaterThan(50);
    expect(all.events.some((e) => e.event === "keepalive")).toBe(true);
    const onlyWanted = filtered.events.filter((e) => e.event === "orchestration_event").map((e) => JSON.parse(e.data).type);
    expect(new Set(onlyWanted)).toEqual(new Set(["model_call", "complete"]));
    expect(onlyWanted.at(-1)).toBe("complete");
  });

  it("the Facilitair compatibility endpoints start a task and stream its named events", async () => {
    const res = await fetch(`${server.url}/api/stream/task`, {
      method: "POST",
      body: JSON.stringify({ task: "Write a CSV parser", context: "Node 20, no dependencies" }),
    });
    expect(res.status).toBe(201);
    const { stream_id } = (await res.json()) as { stream_id: string };
    const s = await openRunStream(server, `/api/stream/events/${stream_id}`);
    expect(await s.ended).toBe("end");
    const names = s.events
      .map((e) => e.event)
      .filter((n, i, all) => !(n === "token_stream" && all[i - 1] === "token_stream") && n !== "heartbeat");
    expect(names.slice(0, 3)).toEqual(["task_started", "chunk_started", "token_stream"]);
    expect(names).toEqual(expect.arrayContaining(["chunk_completed", "task_progress"]));
    expect(names.at(-1)).toBe("task_completed");
    const token = s.events.find((e) => e.event === "token_stream");
    expect(JSON.parse(token!.data)).toMatchObject({
      chunk_id: expect.any(String),
      agent: "Architect",
      token: expect.any(String),
    });
    const status = (await (await fetch(`${server.url}/api/stream/status/${stream_id}`)).json()) as {
      status: string;
      progress: { percent: number };
    };
    expect(status).toMatchObject({ status: "completed", progress: { percent: 100 } });
  });
});

describe("controls and budgets", () => {
  it("pause holds the run between turns, resume continues, cancel ends it — for whoever holds the control token", async () => {
    const run = await startRun(server, { task: "Build a queue worker", strategy: "pipeline" });
    const control = (action: string, token: string | null = run.control_token) =>
      fetch(`${server.url}/api/v1/runs/${run.run_id}/${action}`, {
        method: "POST",
        headers: token ? { "X-Parley-Control-Token": token } : {},
      });
    const s = await openRunStream(server, `/api/v1/runs/${run.run_id}/events`);
    await s.waitFor((r) => r.envelopes.some((e) => e.type === "agent.token"));
    expect((await control("pause", null)).status).toBe(403);
    expect((await control("pause", "wrong-token")).status).toBe(403);
    expect((await control("pause")).status).toBe(200);
    await s.waitFor((r) => r.envelopes.some((e) => e.type === "run.paused"), 30_000);
    const startedWhilePaused = s.envelopes.filter((e) => e.type === "agent.turn_started").length;
    expect((await (await fetch(`${server.url}/api/v1/runs/${run.run_id}`)).json()).run.status).toBe("paused");
    expect((await control("resume")).status).toBe(200);
    await s.waitFor((r) => r.envelopes.filter((e) => e.type === "agent.turn_started").length > startedWhilePaused);
    expect((await control("cancel")).status).toBe(200);
    await s.waitFor((r) => r.envelopes.some((e) => e.type === "run.cancelled"), 30_000);
    expect(await s.ended).toBe("end");
    expect((await control("resume")).status).toBe(409);
    const snapshot = (await (await fetch(`${server.url}/api/v1/runs/${run.run_id}`)).json()) as {
      run: { status: string };
      turns: { status: string }[];
    };
    expect(snapshot.run.status).toBe("cancelled");
    expect(snapshot.turns.at(-1)?.status).toBe("cancelled");
  });

  it("warns at 80 % of the budget and stops the run when it is spent", async () => {
    const run = await startRun(server, { task: "Build a REST API with JWT auth", strategy: "pipeline", budget_usd: 0.0015 });
    const events = await watchToEnd(server, run.run_id);
    const types = events.map((e) => e.type);
    expect(types.indexOf("run.budget_warning")).toBeGreaterThan(-1);
    expect(types.indexOf("run.budget_exceeded")).toBeGreaterThan(types.indexOf("run.budget_warning"));
    expect(events.at(-1)).toMatchObject({ type: "run.failed", data: { error_type: "budget_exceeded" } });
  });
});

describe("runs in a session", () => {
  it("editors start runs everyone in the session watches; viewers and outsiders cannot", async () => {
    const owner = user(server);
    const viewer = user(server);
    const outsider = user(server);
    const session = (await owner.create()).body as { session_id: string };
    const viewerInvite = (await owner.invite(session.session_id, { role: "viewer" })).body as { invite_token: string };
    await viewer.join(viewerInvite.invite_token, "Vi");
    const watch = await viewer.stream(session.session_id);

    const run = await startRun(
      server,
      { task: "GraphQL vs REST for our API: which is better?", session_id: session.session_id },
      { "X-User-ID": owner.id },
    );
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "session.run_started"));
    expect(watch.envelopes.find((e) => e.type === "session.run_started")?.data).toMatchObject({
      run_id: run.run_id,
      strategy: "debate",
    });
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "session.message_created"));
    watch.abort();

    const asViewer = await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      headers: { "X-User-ID": viewer.id },
      body: JSON.stringify({ task: "x", session_id: session.session_id }),
    });
    expect(asViewer.status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/runs/${run.run_id}`, { headers: { "X-User-ID": outsider.id } })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/runs/${run.run_id}`, { headers: { "X-User-ID": viewer.id } })).status).toBe(200);
    const viewerCancel = await fetch(`${server.url}/api/v1/runs/${run.run_id}/cancel`, {
      method: "POST",
      headers: { "X-User-ID": viewer.id },
    });
    expect(viewerCancel.status).toBe(403);
    const listed = (await (
      await fetch(`${server.url}/api/v1/runs?session_id=${session.session_id}`, { headers: { "X-User-ID": viewer.id } })
    ).json()) as {
      runs: { run_id: string }[];
    };
    expect(listed.runs.map((r) => r.run_id)).toEqual([run.run_id]);
  });
});

describe("bad input on every runs endpoint", () => {
  it("gets the documented error and starts nothing", async () => {
    const me = user(server);
    const h = { "X-User-ID": me.id };
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/runs`, {
        method: "POST",
        headers: h,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const cases: [unknown, number, string][] = [
      ["{nope", 400, "invalid_json"],
      ["", 400, "invalid_json"],
      [{}, 422, "validation_failed"],
      [{ task: "" }, 422, "validation_failed"],
      [{ task: "x".repeat(4001) }, 422, "validation_failed"],
      [{ task: "x", strategy: "chaos" }, 422, "validation_failed"],
      [{ task: "x", rounds: 0 }, 422, "validation_failed"],
      [{ task: "x", rounds: 9 }, 422, "validation_failed"],
      [{ task: "x", budget_usd: -1 }, 422, "validation_failed"],
      [{ task: "x", agents: [] }, 422, "validation_failed"],
      [{ task: "x", agents: Array.from({ length: 9 }, (_, i) => `A${i}`) }, 422, "validation_failed"],
      [{ task: "x", model: "gpt-4o" }, 422, "validation_failed"],
      [{ task: "x", model: "openai:gpt-4o" }, 422, "validation_failed"],
      [{ task: "x", surprise: 1 }, 422, "validation_failed"],
      [{ task: "x", session_id: "ses_aaaaaaaaaaaaaaaaaaaa" }, 404, "not_found"],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const mine = (await (await fetch(`${server.url}/api/v1/runs`, { headers: h })).json()) as { runs: unknown[] };
    expect(mine.runs).toHaveLength(0);

    const get = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { headers: h, ...init });
    expect((await get("/api/v1/runs/run_doesnotexist0000000")).status).toBe(404);
    expect((await get("/api/v1/runs/nonsense")).status).toBe(404);
    expect((await get("/api/v1/runs/run_doesnotexist0000000/events")).status).toBe(404);
    expect((await get("/api/v1/events/orchestration/run_doesnotexist0000000")).status).toBe(404);
    expect((await get("/api/stream/status/nope")).status).toBe(404);
    expect((await get("/api/v1/runs?limit=0")).status).toBe(422);
    expect((await fetch(`${server.url}/api/v1/runs`)).status).toBe(401);
    const run = await startRun(server, { task: "What is 2 + 2?" }, h);
    await watchToEnd(server, run.run_id);
    expect((await get(`/api/v1/runs/${run.run_id}/explode`, { method: "POST" })).status).toBe(404);
    expect((await get(`/api/v1/runs/${run.run_id}/cancel`, { method: "POST" })).status).toBe(409);
    expect((await get(`/api/v1/runs/${run.run_id}/export?format=docx`)).status).toBe(400);
    expect((await get(`/api/v1/runs/${run.run_id}/events`, { headers: { ...h, "Last-Event-ID": "garbage" } })).status).toBe(400);
    const md = await get(`/api/v1/runs/${run.run_id}/export?format=md`);
    expect(await md.text()).toContain("# What is 2 + 2?");
    expect(
      (await fetch(`${server.url}/api/stream/task`, { method: "POST", body: JSON.stringify({ context: "no task" }) })).status,
    ).toBe(422);
  });
});
