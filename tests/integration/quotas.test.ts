// Quotas on every write, at their public defaults, on a real `next start` (embedded database, memory
// hub): fresh identities are free, so comments and messages are limited per client address as well as
// per identity; channel publishes are limited in bytes per key, per person and per address, so the flood
// that took the server to 4.2 GB (100 × 60 KB events per request to 30 channels) is refused at once.
// Addresses come from a header the test server trusts (PARLEY_CLIENT_IP_HEADER), one per test.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, producer, runIdOf } from "@/tests/support/producer";
import { startServer, type TestServer } from "@/tests/support/server";
import { type Call, request } from "@/tests/support/session-client";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PARLEY_CLIENT_IP_HEADER: "X-Test-Client-IP" } });
});
afterAll(() => server?.stop());

/** A fresh address per test: nothing one test spends counts against another. */
const newAddress = () => `10.${randomBytes(3).join(".")}`;

/** A browser: a fresh identity cookie (as the first page visit hands out), at an address. */
async function browser(address: string): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/`, { headers: { "X-Test-Client-IP": address } });
  await res.text();
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("no identity cookie");
  return { Cookie: cookie, "X-Test-Client-IP": address };
}

const api = (who: Record<string, string>, method: string, path: string, body?: unknown) =>
  request(`${server.url}${path}`, method, body, who);

function expectRefusal(res: Call, subject: RegExp) {
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe("rate_limited");
  expect(res.body.error.message).toMatch(subject);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
}

/** The first `allowed` succeed; then refusals, with at most `slack` more let through as the window slides. */
function expectCutOff(statuses: number[], ok: number, allowed: number, slack: number) {
  expect(statuses.slice(0, allowed).every((s) => s === ok)).toBe(true);
  expect(statuses).toContain(429);
  expect(statuses.filter((s) => s === ok).length).toBeLessThanOrEqual(allowed + slack);
  expect(statuses.every((s) => s === ok || s === 429)).toBe(true);
}

describe("writes from fresh identities of one address", () => {
  it("comments: 429 past 60 a minute per address, nothing of a refused one stored; another address unaffected", async () => {
    const key = await server.apiKey(["runs"]);
    const runId = runIdOf(await producer(server, key).start({ task: "Comment on me" }));
    const anchor = { event_id: (await call(server, key, "GET", `/api/v1/runs/${runId}`)).body.last_event_id as string };
    const address = newAddress();
    const content = "c".repeat(4000);
    const statuses: number[] = [];
    let refused: Call | null = null;
    for (let i = 0; i < 75; i++) {
      const res = await api(await browser(address), "POST", `/api/v1/runs/${runId}/comments`, { content, anchor });
      statuses.push(res.status);
      refused ??= res.status === 429 ? res : null;
    }
    expectCutOff(statuses, 201, 60, 6);
    expectRefusal(refused as Call, /comments: at most 60 requests a minute per client address/);
    const stored = (await call(server, key, "GET", `/api/v1/runs/${runId}`)).body.comments;
    expect(stored).toHaveLength(statuses.filter((s) => s === 201).length);
    const elsewhere = await api(await browser(newAddress()), "POST", `/api/v1/runs/${runId}/comments`, { content, anchor });
    expect(elsewhere.status).toBe(201);
  });

  it("messages: 429 past 120 a minute per address, though each identity stays under its own limit", async () => {
    const owner = await browser(newAddress());
    const session = (await api(owner, "POST", "/api/v1/collaborate", { title: "Flooded" })).body;
    const address = newAddress();
    const guests: Record<string, string>[] = [];
    for (let i = 0; i < 8; i++) {
      const guest = await browser(address);
      const joined = await api(guest, "POST", "/api/v1/collaborate/join", {
        invite_token: session.invite_token,
        display_name: `G${i}`,
      });
      expect(joined.status).toBe(200);
      guests.push(guest);
    }
    const statuses: number[] = [];
    let refused: Call | null = null;
    for (let i = 0; i < 160; i++) {
      // Round robin: each guest sends 20, under the 30 per 10 s one identity may.
      const res = await api(guests[i % 8]!, "POST", `/api/v1/collaborate/${session.session_id}/messages`, { content: `m${i}` });
      statuses.push(res.status);
      refused ??= res.status === 429 ? res : null;
    }
    expectCutOff(statuses, 201, 120, 10);
    expectRefusal(refused as Call, /messages: at most 120 requests a minute per client address/);
    const stored = await countMessages(owner, session.session_id);
    expect(stored).toBe(statuses.filter((s) => s === 201).length);
    // The owner, elsewhere, is not locked out of their own session.
    expect(
      (await api(owner, "POST", `/api/v1/collaborate/${session.session_id}/messages`, { content: "still here" })).status,
    ).toBe(201);
  });
});

async function countMessages(who: Record<string, string>, sessionId: string): Promise<number> {
  let count = 0;
  let before = "";
  for (;;) {
    const page = (await api(who, "GET", `/api/v1/collaborate/${sessionId}/history?limit=100${before}`)).body;
    count += page.messages.length;
    if (!page.has_more) return count;
    before = `&before=${page.next_before}`;
  }
}

describe("channel publishes", () => {
  const events = Array.from({ length: 100 }, (_, i) => ({ type: "flood.chunk", data: { i, pad: "x".repeat(60_000) } }));
  const publish = (key: string, channel: string, address: string) =>
    fetch(`${server.url}/api/v1/channels/${channel}/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "X-Test-Client-IP": address },
      body: JSON.stringify({ events }),
    }).then(async (res) => ({ status: res.status, body: await res.json(), headers: res.headers }) as Call);
  const selfMadeKey = async (who: Record<string, string>) => {
    const made = await api({ ...who, Origin: server.url }, "POST", "/api/v1/keys", { name: "flood", scopes: ["publish:*"] });
    expect(made.status).toBe(201);
    return made.body.key as string;
  };

  it("100 × 60 KB events per request to 30 channels: refused from the second request, per key, per person and per address", async () => {
    const address = newAddress();
    const prefix = `flood-${randomBytes(4).toString("hex")}`;
    const watcher = await server.stream(`${prefix}-1`, { key: await server.apiKey(["subscribe:*"]) });

    const first = await browser(address);
    const key = await selfMadeKey(first);
    const statuses: number[] = [];
    for (let c = 0; c < 30; c++) statuses.push((await publish(key, `${prefix}-${c}`, address)).status);
    expect(statuses).toEqual([201, ...Array(29).fill(429)]);
    expectRefusal(await publish(key, `${prefix}-1`, address), /channel publishes: at most 8 MiB a minute per API key/);

    // Another key of the same person shares the person's bytes.
    const second = await selfMadeKey(first);
    expectRefusal(await publish(second, `${prefix}-1`, address), /per person/);

    // Another person at the same address gets what is left of the address's 16 MiB: one request, then none.
    const other = await selfMadeKey(await browser(address));
    expect((await publish(other, `${prefix}-2`, address)).status).toBe(201);
    expectRefusal(await publish(await selfMadeKey(await browser(address)), `${prefix}-1`, address), /per client address/);

    // Nothing of a refused publish reached its channel: the watcher sees only what is published after.
    const elsewhere = await selfMadeKey(await browser(newAddress()));
    const sentinel = await server.publish(`${prefix}-1`, { type: "flood.sentinel", data: {} }, elsewhere);
    expect(sentinel.status).toBe(201);
    await watcher.waitFor((r) => r.envelopes.some((e) => e.type === "flood.sentinel"), 10_000);
    expect(watcher.envelopes.map((e) => e.type)).toEqual(["flood.sentinel"]);
    watcher.abort();
  });
});
