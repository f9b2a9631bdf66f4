// Saved agents on a real server (AgentArea's agents resource): the built-in roles for anyone, a person's
// own agents made, listed, changed and deleted by them alone, bad input refused with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";
import { request as call, newUserId } from "@/tests/support/session-client";

let server: TestServer;
let strict: TestServer;

beforeAll(async () => {
  [server, strict] = await Promise.all([
    startServer({ env: { PARLEY_TRUST_USER_HEADER: "true", PARLEY_RATE_LIMIT_SCALE: "10" } }),
    startServer({ env: { PARLEY_TRUST_USER_HEADER: "true" } }),
  ]);
});
afterAll(() => Promise.all([server?.stop(), strict?.stop()]));

const as = (user: string) => ({
  list: () => call(`${server.url}/api/v1/agents`, "GET", undefined, { "X-User-ID": user }),
  create: (body: unknown) => call(`${server.url}/api/v1/agents`, "POST", body, { "X-User-ID": user }),
  get: (id: string) => call(`${server.url}/api/v1/agents/${id}`, "GET", undefined, { "X-User-ID": user }),
  patch: (id: string, body: unknown) => call(`${server.url}/api/v1/agents/${id}`, "PATCH", body, { "X-User-ID": user }),
  remove: (id: string) => call(`${server.url}/api/v1/agents/${id}`, "DELETE", undefined, { "X-User-ID": user }),
});

describe("agents", () => {
  it("anyone lists the built-in roles (curl /api/v1/agents, as AgentArea's debug command does)", async () => {
    const res = await call(`${server.url}/api/v1/agents`, "GET");
    expect(res.status).toBe(200);
    const names = res.body.agents.map((a: { name: string }) => a.name);
    expect(names).toEqual(["Architect", "Coder", "Reviewer", "Refiner", "Documenter", "Proponent", "Skeptic", "Judge"]);
    expect(res.body.agents.every((a: { built_in: boolean; model: string }) => a.built_in && a.model === "demo")).toBe(true);
  });

  it("a person saves, lists, changes and deletes their own agent; nobody else sees it", async () => {
    const alice = as(newUserId());
    const bob = as(newUserId());
    const created = await alice.create({
      name: "Researcher",
      instructions: "You are a helpful assistant.",
      tools: ["web_search"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^agent_/),
      name: "Researcher",
      model: "demo",
      built_in: false,
    });
    const id = created.body.id as string;
    expect((await alice.list()).body.agents.map((a: { id: string }) => a.id)).toContain(id);
    expect((await bob.list()).body.agents.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await bob.get(id)).status).toBe(404);
    expect((await bob.patch(id, { name: "Mine now" })).status).toBe(404);
    expect((await bob.remove(id)).status).toBe(404);
    const changed = await alice.patch(id, { instructions: "Cite sources." });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: "Researcher", instructions: "Cite sources." });
    expect((await alice.remove(id)).status).toBe(200);
    expect((await alice.get(id)).status).toBe(404);
  });

  it("refuses bad input, unknown models, changes to built-ins and callers without an identity — storing nothing", async () => {
    const carol = as(newUserId());
    expect((await carol.create({})).status).toBe(422);
    expect((await carol.create({ name: "x", instructions: "y".repeat(8001) })).status).toBe(422);
    expect((await carol.create({ name: "x", tools: Array.from({ length: 21 }, (_, i) => `t${i}`) })).status).toBe(422);
    expect((await carol.create({ name: "x", surprise: true })).status).toBe(422);
    expect((await carol.create({ name: "x", model: "openai:gpt-4o" })).status).toBe(422);
    expect((await carol.create("{not json")).status).toBe(400);
    expect((await carol.patch("architect", { name: "Boss" })).status).toBe(409);
    expect((await carol.remove("architect")).status).toBe(409);
    expect((await carol.get("architect")).body).toMatchObject({ name: "Architect", built_in: true });
    expect((await call(`${server.url}/api/v1/agents`, "POST", { name: "anon" })).status).toBe(401);
    expect((await carol.list()).body.agents.filter((a: { built_in: boolean }) => !a.built_in)).toEqual([]);
  });

  it("keeps at most 100 agents per person (409), and 30 new ones a minute (429)", async () => {
    const dave = as(newUserId());
    for (let i = 0; i < 100; i++) expect((await dave.create({ name: `a${i}` })).status).toBe(201);
    const over = await dave.create({ name: "one too many" });
    expect(over.status).toBe(409);
    expect((await dave.list()).body.agents.filter((a: { built_in: boolean }) => !a.built_in)).toHaveLength(100);

    const erin = newUserId();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await call(`${strict.url}/api/v1/agents`, "POST", { name: `b${i}` }, { "X-User-ID": erin })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("an API key made by a person acts as them: its agents are theirs", async () => {
    const frank = newUserId();
    const made = await call(`${server.url}/api/v1/keys`, "POST", { name: "agents" }, { "X-User-ID": frank });
    expect(made.status).toBe(201);
    const key = made.body.key as string;
    const created = await call(`${server.url}/api/v1/agents`, "POST", { name: "Scripted" }, { Authorization: `Bearer ${key}` });
    expect(created.status).toBe(201);
    expect((await as(frank).list()).body.agents.map((a: { id: string }) => a.id)).toContain(created.body.id);
  });
});
