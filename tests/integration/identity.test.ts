// Who is calling, as the seed designs' clients and a newcomer without a terminal meet it: a trusted
// proxy's own X-User-ID ids (LLMHive's `alice`), Facilitair's context object, and API keys made in the
// browser that act as the person who made them — for the API and for `parley session` — until revoked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_USER_HEADER } from "@/lib/auth/header-identity";
import { parley } from "@/tests/support/cli";
import { startServer, type TestServer } from "@/tests/support/server";

let trusting: TestServer;
let plain: TestServer;
beforeAll(async () => {
  [trusting, plain] = await Promise.all([
    startServer({ env: { PARLEY_TRUST_USER_HEADER: "true", PARLEY_RATE_LIMIT_SCALE: "1000" } }),
    startServer({ env: { PARLEY_RATE_LIMIT_SCALE: "1000" } }),
  ]);
});
afterAll(() => Promise.all([trusting?.stop(), plain?.stop()]));

const jsonHeaders = { "Content-Type": "application/json" };

async function call(server: TestServer, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body !== undefined && jsonHeaders), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely and assert on it
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}

/** A browser: its identity cookie, as the first page visit sets it. */
async function browser(server: TestServer): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/`);
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("no identity cookie");
  return { Cookie: cookie };
}

describe("X-User-ID from a trusted proxy (LLMHive's seed flow)", () => {
  it("alice creates a session, bob joins by invite, they talk, and their ids are the proxy's, namespaced", async () => {
    const alice = { "X-User-ID": "alice" };
    const bob = { "X-User-ID": "bob@example.com" };
    const created = await call(trusting, "POST", "/api/v1/collaborate", alice, { title: "Planning", display_name: "Alice" });
    expect(created.status).toBe(201);
    const id = created.body.session_id as string;
    const joined = await call(trusting, "POST", "/api/v1/collaborate/join", bob, {
      invite_token: created.body.invite_token,
      display_name: "Bob",
    });
    expect(joined.status).toBe(200);
    expect((await call(trusting, "POST", `/api/v1/collaborate/${id}/messages`, bob, { content: "hi alice" })).status).toBe(201);
    const history = await call(trusting, "GET", `/api/v1/collaborate/${id}/history`, alice);
    expect(history.body.messages.map((m: { content: string }) => m.content)).toContain("hi alice");
    const people = await call(trusting, "GET", `/api/v1/collaborate/${id}/participants`, alice);
    expect(people.body.participants.map((p: { user_id: string; role: string }) => [p.user_id, p.role]).sort()).toEqual([
      ["p:alice", "owner"],
      ["p:bob@example.com", "editor"],
    ]);
    expect((await call(trusting, "GET", `/api/v1/collaborate/${id}`, alice)).body.my_role).toBe("owner");
  });

  it("refuses ids outside the documented set, and ignores X-User-ID unless trusted", async () => {
    for (const bad of ["a".repeat(129), "alice smith", "a/b"]) {
      const res = await call(trusting, "POST", "/api/v1/collaborate", { "X-User-ID": bad }, { title: "x" });
      expect(res.status, bad).toBe(401);
    }
    expect((await call(plain, "POST", "/api/v1/collaborate", { "X-User-ID": "alice" }, { title: "x" })).status).toBe(401);
  });
});

describe("Facilitair's POST /api/stream/task", () => {
  it("accepts the seed client's context object", async () => {
    const res = await call(
      trusting,
      "POST",
      "/api/stream/task",
      {},
      {
        task: "Build a todo API",
        context: { language: "python", frameworks: ["fastapi"] },
      },
    );
    expect(res.status).toBe(201);
    const run = await call(trusting, "GET", `/api/v1/runs/${res.body.stream_id}`, {});
    expect(run.body.run.task).toBe("Build a todo API\n\nContext:\n- language: python\n- frameworks: fastapi");
  });
});

describe("LLMHive's subscribe-first", () => {
  it("answers an id that is not a run yet with a 404 that says what to do", async () => {
    const res = await call(trusting, "GET", "/api/v1/events/orchestration/run_0000000000000000000", {});
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain("start the run first");
  });
});

describe("API keys made in the browser", () => {
  it("are created with scopes, shown once, listed with their last use, act as their maker, and stop when revoked", async () => {
    const me = await browser(plain);
    const made = await call(plain, "POST", "/api/v1/keys", me, { name: "laptop", scopes: ["publish:demo", "subscribe:*"] });
    expect(made.status).toBe(201);
    const key = made.body.key as string;
    expect(key).toMatch(/^pk_/);
    let list = await call(plain, "GET", "/api/v1/keys", me);
    expect(list.body.keys).toHaveLength(1);
    expect(list.body.keys[0]).toMatchObject({ name: "laptop", scopes: ["publish:demo", "subscribe:*"], last_used_at: null });
    expect(JSON.stringify(list.body)).not.toContain(key);

    // The key alone, no cookie and no trusted header: a session of mine, and runs of mine.
    const bearer = { Authorization: `Bearer ${key}` };
    const session = await call(plain, "POST", "/api/v1/collaborate", bearer, { title: "Made by key", display_name: "Me" });
    expect(session.status).toBe(201);
    expect((await call(plain, "GET", `/api/v1/collaborate/${session.body.session_id}`, me)).body.my_role).toBe("owner");
    const run = await call(plain, "POST", "/api/v1/runs", bearer, { task: "Say hi", strategy: "race" });
    expect(run.status).toBe(201);
    const mine = await call(plain, "GET", "/api/v1/runs", me);
    expect(mine.body.runs.map((r: { run_id: string }) => r.run_id)).toContain(run.body.run_id);
    expect((await call(plain, "GET", "/api/v1/me/sessions", me)).body.sessions[0]).toMatchObject({
      session_id: session.body.session_id,
      role: "owner",
      title: "Made by key",
    });
    list = await call(plain, "GET", "/api/v1/keys", me);
    expect(list.body.keys[0].last_used_at).not.toBeNull();

    // Someone else can neither see nor revoke it.
    const other = await browser(plain);
    expect((await call(plain, "GET", "/api/v1/keys", other)).body.keys).toEqual([]);
    expect((await call(plain, "DELETE", `/api/v1/keys/${made.body.id}`, other)).status).toBe(404);

    const revoked = await call(plain, "DELETE", `/api/v1/keys/${made.body.id}`, me);
    expect(revoked.status).toBe(200);
    expect(revoked.body.key.revoked_at).not.toBeNull();
    expect((await call(plain, "POST", "/api/v1/runs", bearer, { task: "again" })).status).toBe(401);
    const afterwards = await call(plain, "POST", "/api/v1/collaborate", bearer, { title: "no" });
    expect(afterwards.status).toBe(401);
  });

  it("a forged owner header is ignored", async () => {
    const me = await browser(plain);
    const made = await call(plain, "POST", "/api/v1/keys", me, { name: "k" });
    const res = await call(
      plain,
      "POST",
      "/api/v1/collaborate",
      { [KEY_USER_HEADER]: "u_abcdefghijklmnopqrstuv.forged" },
      { title: "x" },
    );
    expect(res.status).toBe(401);
    expect(made.status).toBe(201);
  });

  it("`parley session` follows a session with the key alone", async () => {
    const me = await browser(plain);
    const key = (await call(plain, "POST", "/api/v1/keys", me, { name: "cli" })).body.key as string;
    const created = await call(plain, "POST", "/api/v1/collaborate", me, { title: "Terminal room", display_name: "Ada" });
    await call(plain, "POST", `/api/v1/collaborate/${created.body.session_id}/messages`, me, { content: "hello terminal" });
    const follow = parley(["session", created.body.session_id, "--server", plain.url], { env: { PARLEY_API_KEY: key } });
    await follow.waitFor(({ stdout }) => stdout.includes("Ada (you): hello terminal"));
    expect(follow.stdout()).toMatch(/^Terminal room · 1 participant\(s\) · you are owner\n/);
    await call(plain, "POST", `/api/v1/collaborate/${created.body.session_id}/messages`, me, { content: "and live" });
    await follow.waitFor(({ stdout }) => stdout.includes("Ada (you): and live"));
    follow.process.kill("SIGINT");
    expect(await follow.exited).toBe(0);
  });
});
