// Limits that a hostile client cannot dodge by rotating identities: per client address as well as per
// identity, concurrent runs capped, no bucket shared by every anonymous caller; run-id guessing and the
// invite page limited too. The proxy's address header is trusted here (PARLEY_CLIENT_IP_HEADER).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";
import { newUserId, user } from "@/tests/support/session-client";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    env: {
      PARLEY_TRUST_USER_HEADER: "true",
      PARLEY_CLIENT_IP_HEADER: "X-Test-Client-IP",
      PARLEY_DEMO_TOKEN_MS: "200",
      PARLEY_RUNS_MAX_ACTIVE_PER_CLIENT: "2",
    },
  });
});
afterAll(() => server?.stop());

const from = (address: string, extra: Record<string, string> = {}) => ({ "X-Test-Client-IP": address, ...extra });

function createSession(address: string, userId = newUserId()) {
  return fetch(`${server.url}/api/v1/collaborate`, {
    method: "POST",
    headers: from(address, { "X-User-ID": userId, "Content-Type": "application/json" }),
    body: JSON.stringify({ title: "probe" }),
  });
}

function startRun(address: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/v1/runs`, {
    method: "POST",
    headers: from(address, { "Content-Type": "application/json", ...headers }),
    body: JSON.stringify({ task: "limit probe", strategy: "pipeline" }),
  });
}

describe("rate limits per client address", () => {
  it("a fresh identity per request still hits the address's limit, with Retry-After; another address is unaffected", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await createSession("10.0.0.1")).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const limited = await createSession("10.0.0.1");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await createSession("10.0.0.2")).status).toBe(201);
  });

  it("concurrent runs are capped per caller, and anonymous callers do not share one bucket", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await startRun("10.0.1.1")).status);
    expect(statuses).toEqual([201, 201, 429]);
    // Another anonymous caller is not locked out by the first.
    expect((await startRun("10.0.1.2")).status).toBe(201);
    // Concurrent runs are capped per caller (an anonymous caller is its address): a named caller on the same
    // address has a cap of its own, while the address's rate limit on starting runs still counts both.
    expect((await startRun("10.0.1.1", { "X-User-ID": newUserId() })).status).toBe(201);
  });
});

describe("guessing", () => {
  it("unknown run ids are limited per address, and then even a real id answers 429", async () => {
    const created = await startRun("10.0.2.9");
    expect(created.status).toBe(201);
    const { run_id } = (await created.json()) as { run_id: string };
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const guess = `run_${String(i).padStart(33, "0")}`;
      statuses.push((await fetch(`${server.url}/api/v1/runs/${guess}`, { headers: from("10.0.2.1") })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect((await fetch(`${server.url}/api/v1/runs/${run_id}`, { headers: from("10.0.2.1") })).status).toBe(429);
    expect((await fetch(`${server.url}/api/v1/runs/${run_id}`, { headers: from("10.0.2.2") })).status).toBe(200);
  });

  it("the invite page gets the same limit as POST /join (40 a minute per address)", async () => {
    const owner = user(server);
    const s = (await owner.call("POST", "", { title: "invite page" }, from("10.0.3.9"))).body;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${server.url}/join?token=guess${i}`, { headers: from("10.0.3.1") });
      statuses.push(res.status);
      await res.text();
    }
    // Unknown invites answer 404 (with the friendly page) until the limit is reached.
    expect(statuses.every((x) => x === 404)).toBe(true);
    const limited = await fetch(`${server.url}/join?token=${s.invite_token}`, { headers: from("10.0.3.1") });
    expect(limited.status).toBe(429);
    expect(await limited.text()).not.toContain("invite page");
    const other = await fetch(`${server.url}/join?token=${s.invite_token}`, { headers: from("10.0.3.2") });
    expect(await other.text()).toContain("invite page");
  });
});
