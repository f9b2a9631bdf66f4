// `parley login` over real HTTP against a real server: a terminal starts a login, a browser (a cookie
// identity) allows or denies it, the terminal collects its key once — and the key acts as whoever allowed
// it. The real `parley` bin signs in and out with its config file in a temporary XDG_CONFIG_HOME.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_COOKIE, signAccount } from "@/lib/auth/account-cookie";
import { newUserId } from "@/lib/auth/identity-cookie";
import { parley, parleyToEnd } from "@/tests/support/cli";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { startServer, TEST_SECRET, type TestServer } from "@/tests/support/server";

// A database each: pending logins are counted per address in the database, and the cap test must not
// see the other server's.
const dbs: OwnDatabase[] = [];
let server: TestServer;
/** Logins there expire after 2 s. */
let brief: TestServer;
beforeAll(async () => {
  dbs.push(await ownDatabase(), await ownDatabase());
  const [one, two] = dbs as [OwnDatabase, OwnDatabase];
  [server, brief] = await Promise.all([
    // Sign-in configured (a GitHub app that is never called): accounts exist beside guests.
    startServer({
      env: {
        ...one.env,
        PARLEY_CLI_LOGIN_INTERVAL_S: "1",
        GITHUB_CLIENT_ID: "test",
        GITHUB_CLIENT_SECRET: "test",
        // Addresses as a proxy names them, so a test can be several clients.
        PARLEY_CLIENT_IP_HEADER: "X-Test-Client-IP",
      },
    }),
    startServer({
      env: { ...two.env, PARLEY_CLI_LOGIN_INTERVAL_S: "1", PARLEY_CLI_LOGIN_TTL_S: "2", PARLEY_RATE_LIMIT_SCALE: "10" },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), brief?.stop()]);
  await Promise.all(dbs.map((db) => db.drop()));
});

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely and assert on it
type Answer = { status: number; body: any; headers: Headers };

async function call(
  s: TestServer,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Answer> {
  const res = await fetch(`${s.url}${url}`, {
    method,
    headers: { ...(body !== undefined && { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a page
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A browser: its identity cookie, as the first page visit sets it, and who that is. */
async function browser(s: TestServer): Promise<{ cookie: Record<string, string>; userId: string }> {
  const res = await fetch(`${s.url}/`);
  const value = res.headers.get("set-cookie")?.split(";")[0];
  if (!value) throw new Error("no identity cookie");
  const cookie = { Cookie: value };
  return { cookie, userId: (await call(s, "GET", "/api/v1/me", cookie)).body.user_id };
}

const start = (s: TestServer, body: unknown = { client_name: "test-host" }) => call(s, "POST", "/api/v1/cli/login", {}, body);
const poll = (s: TestServer, deviceCode: string) => call(s, "POST", "/api/v1/cli/login/token", {}, { device_code: deviceCode });
const decide = (s: TestServer, cookie: Record<string, string>, userCode: string, decision: "allow" | "deny") =>
  call(s, "POST", "/api/v1/cli/login/decision", cookie, { user_code: userCode, decision });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a terminal's login, allowed in a browser", () => {
  it("waits, hands out a key of the browser's identity once, and is used up after", async () => {
    const started = await start(server);
    expect(started.status).toBe(201);
    const login = started.body;
    expect(login.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(login.device_code.length).toBeGreaterThanOrEqual(40);
    expect(login.verification_uri).toBe(`${server.url}/cli/login`);
    expect(login.verification_uri_complete).toBe(`${server.url}/cli/login?code=${login.user_code}`);
    expect([login.expires_in, login.interval]).toEqual([600, 1]);

    const pending = await poll(server, login.device_code);
    expect([pending.status, pending.body.error.code]).toEqual([428, "authorization_pending"]);

    const alice = await browser(server);
    const page = await call(server, "GET", `/cli/login?code=${login.user_code.toLowerCase()}`, alice.cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain(login.user_code);
    expect(page.body).toContain("parley CLI on test-host");
    expect(page.body).toContain("this browser (guest)");
    expect(page.body).toContain(`href="/sign-in?next=${encodeURIComponent(`/cli/login?code=${login.user_code}`)}"`);
    expect(page.body).toContain("Sign in first");

    // Another site cannot press Allow with the visitor's cookie.
    const crossSite = await call(
      server,
      "POST",
      "/api/v1/cli/login/decision",
      { ...alice.cookie, Origin: "https://evil.example" },
      {
        user_code: login.user_code,
        decision: "allow",
      },
    );
    expect(crossSite.status).toBe(403);
    expect((await decide(server, {}, login.user_code, "allow")).status).toBe(401);

    const allowed = await decide(server, alice.cookie, login.user_code, "allow");
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ status: "approved", key_name: "parley CLI on test-host" });
    expect((await decide(server, alice.cookie, login.user_code, "deny")).status).toBe(409);

    await pause(1000);
    const issued = await poll(server, login.device_code);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ key_id: allowed.body.key_id, user: { id: alice.userId } });
    expect(issued.body.api_key).toMatch(/^pk_/);
    const again = await poll(server, login.device_code);
    expect([again.status, again.body.error.code]).toEqual([400, "invalid_grant"]);

    // The key is Alice's: listed on her keys page, and it acts as her.
    const keys = await call(server, "GET", "/api/v1/keys", alice.cookie);
    expect(keys.body.keys.map((k: { id: string; name: string; scopes: string[] }) => [k.id, k.name, k.scopes])).toContainEqual([
      issued.body.key_id,
      "parley CLI on test-host",
      ["subscribe:*"],
    ]);
    const created = await call(server, "POST", "/api/v1/collaborate", alice.cookie, { title: "Alice's room" });
    expect(created.status).toBe(201);
    const bearer = { Authorization: `Bearer ${issued.body.api_key}` };
    expect((await call(server, "GET", "/api/v1/me", bearer)).body.user_id).toBe(alice.userId);
    const mine = await call(server, "GET", "/api/v1/me/sessions", bearer);
    expect(mine.status).toBe(200);
    expect(mine.body.sessions.map((x: { session_id: string }) => x.session_id)).toContain(created.body.session_id);
    // Someone else's keys page does not list it.
    const bob = await browser(server);
    expect((await call(server, "GET", "/api/v1/keys", bob.cookie)).body.keys).toEqual([]);
  });

  it("tells a terminal that polls too fast to slow down", async () => {
    const login = (await start(server)).body;
    expect((await poll(server, login.device_code)).status).toBe(428);
    const tooSoon = await poll(server, login.device_code);
    expect([tooSoon.status, tooSoon.body.error.code]).toEqual([429, "slow_down"]);
    expect(tooSoon.headers.get("retry-after")).toBe("1");
    await pause(1100);
    expect((await poll(server, login.device_code)).body.error.code).toBe("authorization_pending");
  });

  it("refuses a denied login, and makes no key", async () => {
    const login = (await start(server)).body;
    const carol = await browser(server);
    const denied = await decide(server, carol.cookie, login.user_code, "deny");
    expect(denied.body).toMatchObject({ status: "denied", key_id: null });
    const answer = await poll(server, login.device_code);
    expect([answer.status, answer.body.error.code]).toEqual([403, "access_denied"]);
    expect((await call(server, "GET", "/api/v1/keys", carol.cookie)).body.keys).toEqual([]);
  });

  it("refuses unknown codes, bad bodies and other methods in the one error shape", async () => {
    const unknown = await poll(server, "not-a-device-code");
    expect([unknown.status, unknown.body.error.code]).toEqual([400, "invalid_grant"]);
    const dave = await browser(server);
    expect((await decide(server, dave.cookie, "BCDF-GHJK", "allow")).status).toBe(404);
    expect((await start(server, { client_name: "a\nb" })).status).toBe(422);
    expect((await call(server, "POST", "/api/v1/cli/login/token", {}, { device_code: 5 })).status).toBe(422);
    expect((await call(server, "GET", "/api/v1/cli/login")).status).toBe(405);
  });
});

describe("guessing codes on the page", () => {
  it("is refused after 30 codes that do not exist a minute from one address, and only there", async () => {
    const login = (await start(server)).body;
    const from = (ip: string) => ({ "X-Test-Client-IP": ip });
    for (let i = 0; i < 30; i++) {
      const miss = await call(server, "GET", "/cli/login?code=BBBB-BBBB", from("203.0.113.9"));
      expect(miss.body).toContain("No login has this code");
    }
    const refused = await call(server, "GET", `/cli/login?code=${login.user_code}`, from("203.0.113.9"));
    expect(refused.body).toContain("Too many codes tried from here");
    expect(refused.body).not.toContain("parley CLI on test-host");
    expect((await call(server, "GET", `/cli/login?code=${login.user_code}`, from("203.0.113.10"))).body).toContain(
      "parley CLI on test-host",
    );
  });
});

describe("a login allowed by a signed-in account", () => {
  it("makes the account's key: the same account on every device, whichever browser allowed it", async () => {
    const accountId = newUserId();
    const signedIn = `${ACCOUNT_COOKIE}=${signAccount(TEST_SECRET, accountId, new Date(Date.now() + 3_600_000))}`;
    // Two devices: each its own guest cookie, both signed in to the one account.
    const laptop = { Cookie: `${(await browser(server)).cookie.Cookie}; ${signedIn}` };
    const phone = { Cookie: `${(await browser(server)).cookie.Cookie}; ${signedIn}` };
    const login = (await start(server, { client_name: "laptop" })).body;
    expect((await decide(server, laptop, login.user_code, "allow")).status).toBe(200);
    await pause(1000);
    const issued = await poll(server, login.device_code);
    expect(issued.body.user.id).toBe(accountId);
    const onPhone = await call(server, "GET", "/api/v1/keys", phone);
    expect(onPhone.body.keys.map((k: { id: string }) => k.id)).toEqual([issued.body.key_id]);
    const bearer = { Authorization: `Bearer ${issued.body.api_key}` };
    expect((await call(server, "GET", "/api/v1/me", bearer)).body.user_id).toBe(accountId);
    // Revoked on the other device: the terminal's key stops working.
    expect((await call(server, "DELETE", `/api/v1/keys/${issued.body.key_id}`, phone)).status).toBe(200);
    expect((await call(server, "GET", "/api/v1/me", bearer)).status).toBe(401);
  });
});

describe("a login nobody answers", () => {
  it("expires: the terminal is told so, the browser too", async () => {
    const login = (await start(brief)).body;
    expect(login.expires_in).toBe(2);
    await pause(2200);
    const answer = await poll(brief, login.device_code);
    expect([answer.status, answer.body.error.code]).toEqual([410, "expired_token"]);
    const erin = await browser(brief);
    expect((await decide(brief, erin.cookie, login.user_code, "allow")).status).toBe(410);
    expect((await call(brief, "GET", `/cli/login?code=${login.user_code}`, erin.cookie)).body).toContain(
      "This login has expired",
    );
  });

  it("is capped: 10 waiting at once per address", async () => {
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await start(brief));
    expect(results.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(results[10]?.status).toBe(429);
    expect(results[10]?.body.error.message).toMatch(/At most 10 logins may wait at once/);
    await pause(2100); // they expire, and make room
    expect((await start(brief)).status).toBe(201);
  });
});

describe("starting logins", () => {
  it("is limited to 10 a minute per client address", async () => {
    // Earlier tests in this file started some on this server within the minute: keep starting until refused.
    let refused: Answer | null = null;
    for (let i = 0; i < 11 && !refused; i++) {
      const r = await start(server);
      if (r.status !== 201) refused = r;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.body.error.message).toMatch(/`parley login` starts: at most 10 requests a minute per client address/);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("the parley bin", () => {
  it("logs in through the browser, saves the key 0600, uses it, and logs out revoking it", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "parley-login-"));
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, "config") };
    try {
      // The per-address limit above is spent on `server`: this one signs in to `brief`, which has room (scale 10).
      const frank = await browser(brief);
      const run = parley(["login", "--url", brief.url, "--no-browser"], { env });
      await run.waitFor(({ stderr }) => /code [A-Z]{4}-[A-Z]{4}/.test(stderr));
      const userCode = /code ([A-Z]{4}-[A-Z]{4})/.exec(run.stderr())?.[1] ?? "";
      expect(run.stderr()).toContain(`${brief.url}/cli/login?code=${userCode}`);
      // Two seconds is the brief server's whole lifetime for a login: allow at once.
      expect((await decide(brief, frank.cookie, userCode, "allow")).status).toBe(200);
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toContain(`Signed in to ${brief.url} as ${frank.userId}`);

      const file = path.join(home, "config", "parley", "config.json");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      let saved = JSON.parse(readFileSync(file, "utf8"));
      expect(saved).toMatchObject({ server: brief.url, user: { id: frank.userId } });
      expect((await call(brief, "GET", "/api/v1/me", { Authorization: `Bearer ${saved.api_key}` })).body.user_id).toBe(
        frank.userId,
      );

      // Signing in again replaces the saved key, and revokes the one it replaces.
      const second = parley(["login", "--no-browser"], { env });
      await second.waitFor(({ stderr }) => /code [A-Z]{4}-[A-Z]{4}/.test(stderr));
      const secondCode = /code ([A-Z]{4}-[A-Z]{4})/.exec(second.stderr())?.[1] ?? "";
      expect((await decide(brief, frank.cookie, secondCode, "allow")).status).toBe(200);
      expect(await second.exited).toBe(0);
      const first = saved;
      saved = JSON.parse(readFileSync(file, "utf8"));
      expect(saved.key_id).not.toBe(first.key_id);
      expect((await call(brief, "GET", "/api/v1/me", { Authorization: `Bearer ${first.api_key}` })).status).toBe(401);
      const bearer = { Authorization: `Bearer ${saved.api_key}` };

      // Other commands find the saved key and server with nothing on the command line.
      const created = await call(brief, "POST", "/api/v1/collaborate", frank.cookie, { title: "Frank's room" });
      const watching = parley(["session", created.body.session_id], { env });
      await watching.waitFor(({ stdout, stderr }) => /Frank's room/.test(stdout + stderr));
      watching.kill();

      const out = await parleyToEnd(["logout"], { env });
      expect(out.code).toBe(0);
      expect(out.stdout).toContain(`the key ${saved.key_id} is revoked`);
      expect(() => statSync(file)).toThrow();
      expect((await call(brief, "GET", "/api/v1/me", bearer)).status).toBe(401);
      expect((await parleyToEnd(["logout"], { env })).stderr).toContain("Not signed in");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("says so and fails when the login is denied", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "parley-login-"));
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, "config") };
    try {
      const grace = await browser(brief);
      const run = parley(["login", "--url", brief.url, "--no-browser"], { env });
      await run.waitFor(({ stderr }) => /code [A-Z]{4}-[A-Z]{4}/.test(stderr));
      const userCode = /code ([A-Z]{4}-[A-Z]{4})/.exec(run.stderr())?.[1] ?? "";
      expect((await decide(brief, grace.cookie, userCode, "deny")).status).toBe(200);
      expect(await run.exited).toBe(3);
      expect(run.stderr()).toContain("denied in the browser");
      expect(() => statSync(path.join(home, "config", "parley", "config.json"))).toThrow();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
