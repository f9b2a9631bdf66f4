// Accounts (issue 21) on a real server with a real OpenID Connect provider: signing in over HTTP the way a
// browser does, a guest's things moving to the account, the same person on two devices, signing out,
// and a deployment that requires sign-in.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountsServer, CookieJar, startAccountsServer } from "@/tests/support/accounts";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";

const login = (name: string) => `${name}${randomBytes(4).toString("hex")}`;

async function call(jar: CookieJar, origin: string, method: string, path: string, body?: unknown) {
  const response = await jar.fetch(`${origin}${path}`, {
    method,
    headers: { origin, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON loosely and assert on it
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

describe("sign-in optional (guests allowed)", () => {
  let accounts: AccountsServer;
  let db: OwnDatabase;
  let origin: string;

  beforeAll(async () => {
    db = await ownDatabase();
    accounts = await startAccountsServer(db.env);
    origin = accounts.server.url;
  });
  afterAll(async () => {
    await accounts?.stop();
    await db?.drop();
  });

  it("a guest who signs in keeps their sessions, keys and runs; the key acts as the account", async () => {
    const jar = await accounts.guest();
    const guest = await call(jar, origin, "GET", "/api/v1/me");
    expect(guest.body.kind).toBe("guest");
    const session = await call(jar, origin, "POST", "/api/v1/collaborate", { title: "Made as a guest" });
    expect(session.status).toBe(201);
    const key = await call(jar, origin, "POST", "/api/v1/keys", { name: "guest key" });
    expect(key.status).toBe(201);

    const accountId = await accounts.signIn(jar, login("alice"));
    expect(accountId).not.toBe(guest.body.user_id);
    const me = await call(jar, origin, "GET", "/api/v1/me");
    expect(me.body).toMatchObject({ kind: "account", user_id: accountId, display_name: expect.stringMatching(/^Alice/) });
    expect(me.body.email).toMatch(/^alice[0-9a-f]{8}@example\.test$/);

    const mine = await call(jar, origin, "GET", "/api/v1/me/sessions");
    expect(mine.body.sessions.map((s: { session_id: string; role: string }) => [s.session_id, s.role])).toEqual([
      [session.body.session_id, "owner"],
    ]);
    const keys = await call(jar, origin, "GET", "/api/v1/keys");
    expect(keys.body.keys.map((k: { id: string }) => k.id)).toEqual([key.body.id]);
    // The key made as a guest now acts as the account.
    const asKey = await fetch(`${origin}/api/v1/me`, { headers: { authorization: `Bearer ${key.body.key}` } });
    expect(((await asKey.json()) as { user_id: string }).user_id).toBe(accountId);
    // The guest identity holds nothing any more.
    const asGuest = await fetch(`${origin}/api/v1/me/sessions`, {
      headers: { cookie: `parley_id=${jar.cookies.get("parley_id")}` },
    });
    expect(((await asGuest.json()) as { sessions: unknown[] }).sessions).toEqual([]);
  });

  it("the same account on a second device is the same person; a second device's guest things merge too", async () => {
    const name = login("bob");
    const laptop = await accounts.guest();
    const bob = await accounts.signIn(laptop, name);
    const phone = await accounts.guest();
    const phoneSession = await call(phone, origin, "POST", "/api/v1/collaborate", { title: "From the phone" });
    expect(await accounts.signIn(phone, name)).toBe(bob);
    const onLaptop = await call(laptop, origin, "GET", "/api/v1/me/sessions");
    expect(onLaptop.body.sessions.map((s: { session_id: string }) => s.session_id)).toContain(phoneSession.body.session_id);
  });

  it("a guest and the account in the same session become one participant with the stronger role", async () => {
    const owner = await accounts.guest();
    const created = await call(owner, origin, "POST", "/api/v1/collaborate", { title: "Both of me" });
    const { session_id: sessionId, invite_token: token } = created.body;
    const name = login("carol");
    const device = await accounts.guest();
    const carol = await accounts.signIn(device, name);
    expect(
      (await call(device, origin, "POST", "/api/v1/collaborate/join", { invite_token: token, display_name: "Carol" })).status,
    ).toBe(200);
    const viewerInvite = await call(owner, origin, "POST", `/api/v1/collaborate/${sessionId}/invites`, { role: "viewer" });
    const other = await accounts.guest();
    await call(other, origin, "POST", "/api/v1/collaborate/join", {
      invite_token: viewerInvite.body.invite_token,
      display_name: "Carol?",
    });
    await accounts.signIn(other, name);
    const people = await call(owner, origin, "GET", `/api/v1/collaborate/${sessionId}/participants`);
    const carols = people.body.participants.filter((p: { user_id: string }) => p.user_id === carol);
    expect(carols).toHaveLength(1);
    expect(carols[0].role).toBe("editor");
    expect(people.body.participants).toHaveLength(2);
  });

  it("participants show an account's https avatar, and nothing for a guest or a provider's script URL", async () => {
    const owner = await accounts.guest();
    const ownerId = (await call(owner, origin, "GET", "/api/v1/me")).body.user_id;
    const created = await call(owner, origin, "POST", "/api/v1/collaborate", { title: "Faces" });
    const { session_id: sessionId, invite_token: token } = created.body;
    const pictured = login("pictured");
    const jars = { pictured: await accounts.guest(), hostile: await accounts.guest() };
    const ids = {
      pictured: await accounts.signIn(jars.pictured, pictured),
      hostile: await accounts.signIn(jars.hostile, login("hostile")),
    };
    for (const jar of Object.values(jars)) {
      expect(
        (await call(jar, origin, "POST", "/api/v1/collaborate/join", { invite_token: token, display_name: "x" })).status,
      ).toBe(200);
    }
    const people = await call(owner, origin, "GET", `/api/v1/collaborate/${sessionId}/participants`);
    const avatars = Object.fromEntries(
      people.body.participants.map((p: { user_id: string; avatar_url: string | null }) => [p.user_id, p.avatar_url]),
    );
    expect(avatars).toEqual({
      [ownerId]: null,
      [ids.pictured]: `https://avatars.example.test/${pictured}.png`,
      [ids.hostile]: null,
    });
    expect((await call(jars.hostile, origin, "GET", "/api/v1/me")).body.avatar_url).toBeNull();
  });

  it("signing out turns the browser into a new guest; a session ended elsewhere does at its next page", async () => {
    const jar = await accounts.guest();
    const accountId = await accounts.signIn(jar, login("dave"));
    const out = await call(jar, origin, "POST", "/api/auth/sign-out", {});
    expect(out.status).toBe(200);
    const me = await call(jar, origin, "GET", "/api/v1/me");
    expect(me.body.kind).toBe("guest");
    expect(me.body.user_id).not.toBe(accountId);

    // A copy of a signed-in browser's cookies, whose sign-in session is then ended (signed out elsewhere):
    // the next page turns it into its guest, and the account cookie is gone.
    const original = await accounts.guest();
    const erin = await accounts.signIn(original, login("erin"));
    const copy = new CookieJar();
    for (const [k, v] of original.cookies) copy.cookies.set(k, v);
    await call(original, origin, "POST", "/api/auth/sign-out", {});
    expect((await call(copy, origin, "GET", "/api/v1/me")).body.user_id).toBe(erin);
    const page = await copy.fetch(`${origin}/mine`);
    expect(page.status).toBe(200);
    expect(copy.cookies.has("parley_account")).toBe(false);
    expect((await call(copy, origin, "GET", "/api/v1/me")).body.kind).toBe("guest");
  });

  it("refuses a made-up account cookie and a sign-in request from another site", async () => {
    const jar = await accounts.guest();
    jar.cookies.set("parley_account", "pt1.eyJzdWIiOiJ1X2FhYWFhYWFhYWFhYWFhYWFhYSIsImV4cCI6OTk5OTk5OTk5OX0.forged");
    expect((await call(jar, origin, "GET", "/api/v1/me")).body.kind).toBe("guest");
    const crossSite = await jar.fetch(`${origin}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ provider: "oidc", callbackURL: "/" }),
    });
    expect(crossSite.status).toBe(403);
    const offSite = await call(jar, origin, "POST", "/api/auth/sign-in/social", {
      provider: "oidc",
      callbackURL: "https://evil.example/",
    });
    expect(offSite.status).toBe(403);
  });

  // Last in this server's life: it uses up the address's sign-in requests for the minute.
  it("answers 429 past 60 sign-in requests a minute from one address (30 per person)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) {
      const fresh = new CookieJar();
      const r = await call(fresh, origin, "POST", "/api/auth/sign-in/social", { provider: "oidc", callbackURL: "/" });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.body.error.code).toBe("rate_limited");
        break;
      }
    }
    expect(statuses.at(-1)).toBe(429);
    // This file's earlier sign-ins counted too: the limit is reached within 60 in all, never beyond.
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(60);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(20);
  });
});

describe("sign-in required", () => {
  let accounts: AccountsServer;
  let db: OwnDatabase;
  let origin: string;

  beforeAll(async () => {
    db = await ownDatabase();
    accounts = await startAccountsServer({ ...db.env, PARLEY_SIGN_IN: "required", PARLEY_TRUST_USER_HEADER: "true" });
    origin = accounts.server.url;
  });
  afterAll(async () => {
    await accounts?.stop();
    await db?.drop();
  });

  it("sends a guest's pages to /sign-in, answers a guest's API calls 401, and lets an account in", async () => {
    const jar = new CookieJar();
    const page = await jar.fetch(`${origin}/mine?x=1`);
    expect(page.status).toBe(307);
    expect(
      new URL(page.headers.get("location") ?? "", origin).pathname + new URL(page.headers.get("location") ?? "", origin).search,
    ).toBe(`/sign-in?next=${encodeURIComponent("/mine?x=1")}`);
    expect((await jar.fetch(`${origin}/sign-in`)).status).toBe(200);
    const refused = await call(jar, origin, "POST", "/api/v1/collaborate", { title: "Nope" });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/Sign in first/);

    await accounts.signIn(jar, login("frank"));
    expect((await jar.fetch(`${origin}/mine`)).status).toBe(200);
    const created = await call(jar, origin, "POST", "/api/v1/collaborate", { title: "Signed in" });
    expect(created.status).toBe(201);
    const key = await call(jar, origin, "POST", "/api/v1/keys", { name: "frank's key" });
    const asKey = await fetch(`${origin}/api/v1/me/sessions`, { headers: { authorization: `Bearer ${key.body.key}` } });
    expect(((await asKey.json()) as { sessions: { session_id: string }[] }).sessions[0]?.session_id).toBe(
      created.body.session_id,
    );
  });

  it("leaves the trusted header alone", async () => {
    const viaProxy = await fetch(`${origin}/api/v1/collaborate`, {
      method: "POST",
      headers: { "x-user-id": "alice", "content-type": "application/json" },
      body: JSON.stringify({ title: "Behind an auth proxy" }),
    });
    expect(viaProxy.status).toBe(201);
  });
});
