// Issue 21, "Quorum means people": on a server with a sign-in provider configured, a session's guests'
// rights (watch / chat / vote) decide what guests may do; a gate counts accounts, once per account on
// every device; an invite bound to an email admits only that signed-in account. On a server without a
// provider all of it is ignored, as a plain `npm start` has it.
// Accounts are users rows with an email (as better-auth writes them) and the signed parley_account cookie
// a sign-in sets; guests are trusted X-User-ID ids. GitHub is never contacted: nobody signs in here.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_COOKIE, signAccount } from "@/lib/auth/account-cookie";
import type { Envelope } from "@/lib/events/envelope";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { inspectDatabase } from "@/tests/support/db-inspect";
import { type FakeProvider, startFakeOpenAI } from "@/tests/support/fake-openai";
import { startServer, TEST_SECRET, type TestServer } from "@/tests/support/server";
import { newUserId, request } from "@/tests/support/session-client";
import { readSse } from "@/tests/support/sse-reader";

let signIn: TestServer;
let plain: TestServer;
let provider: FakeProvider;
let database: OwnDatabase;
let plainDatabase: OwnDatabase;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-guests-"));

const ACCOUNTS = {
  alice: { id: "u_aliceaccount000000000", email: "alice@example.com", verified: true },
  bob: { id: "u_bobaccount00000000000", email: "bob@example.com", verified: true },
  carol: { id: "u_carolaccount000000000", email: "carol@example.com", verified: true },
  dave: { id: "u_daveaccount0000000000", email: "dave@example.com", verified: true },
  erin: { id: "u_erinaccount0000000000", email: "erin@example.com", verified: false },
} as const;
type AccountName = keyof typeof ACCOUNTS;

const baseEnv = () => ({
  PARLEY_TRUST_USER_HEADER: "true",
  OPENAI_COMPATIBLE_BASE_URL: provider.baseUrl,
  PARLEY_DEFAULT_MODEL: "demo",
  PARLEY_DEMO_TOKEN_MS: "5",
  PARLEY_RATE_LIMIT_SCALE: "100",
});
const signInEnv = () => ({
  ...baseEnv(),
  ...database.env,
  PARLEY_DATA_DIR: dataDir,
  GITHUB_CLIENT_ID: "x",
  GITHUB_CLIENT_SECRET: "y",
});

beforeAll(async () => {
  [database, plainDatabase] = await Promise.all([ownDatabase(), ownDatabase()]);
  provider = await startFakeOpenAI(() => "A plan. VERDICT: PASS — SCORE: 8/10");
  // The first start migrates the database; the accounts go in while no server holds it (PGlite: one process).
  await (await startServer({ env: signInEnv() })).stop();
  await inspectDatabase(
    dataDir,
    async (query) => {
      for (const a of Object.values(ACCOUNTS)) {
        await query("INSERT INTO users (id, email, email_verified, display_name) VALUES ($1, $2, $3, $4)", [
          a.id,
          a.email,
          a.verified,
          a.email.split("@")[0],
        ]);
      }
    },
    database.env.DATABASE_URL,
  );
  [signIn, plain] = await Promise.all([
    startServer({ env: signInEnv() }),
    startServer({
      env: { ...baseEnv(), ...plainDatabase.env, PARLEY_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "parley-guests-plain-")) },
    }),
  ]);
}, 180_000);
afterAll(async () => {
  await Promise.all([signIn?.stop(), plain?.stop()]);
  await provider?.close();
  await Promise.all([database?.drop(), plainDatabase?.drop()]);
});

type Caller = (method: string, path: string, body?: unknown) => ReturnType<typeof request>;

/** A signed-in browser of the account; each call of `device` is another browser (another cookie, the same account). */
function account(server: TestServer, name: AccountName): Caller {
  const cookie = `${ACCOUNT_COOKIE}=${signAccount(TEST_SECRET, ACCOUNTS[name].id, new Date(Date.now() + 3600_000))}`;
  return (method, p, body) => request(`${server.url}/api/v1${p}`, method, body, { Cookie: cookie });
}

function guest(server: TestServer, id = newUserId()): Caller & { id: string } {
  const call: Caller = (method, p, body) => request(`${server.url}/api/v1${p}`, method, body, { "X-User-ID": id });
  return Object.assign(call, { id });
}

/** A session owned by `owner`, its editor invite token. */
async function session(owner: Caller): Promise<{ id: string; editorInvite: string }> {
  const created = await owner("POST", "/collaborate", { title: "Quorum means people" });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.session_id, editorInvite: created.body.invite_token };
}

async function join(who: Caller, token: string, name: string) {
  return who("POST", "/collaborate/join", { invite_token: token, display_name: name });
}

/** Starts a run waiting for 2 approvals at its final step; returns its id and its gate's id once open. */
async function gatedRun(server: TestServer, owner: Caller, reader: string, sessionId: string) {
  const started = await owner("POST", "/runs", {
    task: "Plan a migration",
    strategy: "pipeline",
    agents: ["Architect"],
    session_id: sessionId,
    approval: "final",
    approval_quorum: 2,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const runId = started.body.run_id as string;
  const abort = new AbortController();
  const res = await fetch(`${server.url}/api/v1/runs/${runId}/events`, {
    headers: { "X-User-ID": reader },
    signal: abort.signal,
  });
  if (!res.body) throw new Error(`run stream: ${res.status}`);
  const stream = readSse(res.body);
  const opened = (es: Envelope[]) => es.find((e) => e.type === "run.awaiting_approval");
  await stream.waitFor((s) => Boolean(opened(s.envelopes)), 30_000);
  abort.abort();
  const gate = opened(stream.envelopes)?.data as { gate_id: string } | undefined;
  if (!gate) throw new Error("the gate did not open");
  return { runId, gateId: gate.gate_id };
}

const vote = (who: Caller, runId: string, gateId: string, decision = "approve") =>
  who("POST", `/runs/${runId}/gates/${gateId}`, { decision });

describe("with sign-in configured", () => {
  it("chat (the default): a guest editor writes but may not vote; an account's votes count once on any number of devices", async () => {
    const alice = account(signIn, "alice");
    const s = await session(alice);
    const info = await alice("GET", `/collaborate/${s.id}`);
    expect(info.body).toMatchObject({ guests: "chat", sign_in_configured: true, my_rights: { act: true, vote: true } });
    const g = guest(signIn);
    expect((await join(g, s.editorInvite, "Guest")).status).toBe(200);
    expect((await join(account(signIn, "bob"), s.editorInvite, "Bob")).body.already_joined).toBe(false);
    // Bob again from another browser: the same account, the same participant.
    expect((await join(account(signIn, "bob"), s.editorInvite, "Bob")).body.already_joined).toBe(true);
    expect((await g("POST", `/collaborate/${s.id}/messages`, { content: "hello" })).status).toBe(201);
    expect((await g("GET", `/collaborate/${s.id}`)).body.my_rights).toEqual({ act: true, vote: false });

    const { runId, gateId } = await gatedRun(signIn, alice, g.id, s.id);
    const rights = (await g("GET", `/runs/${runId}`)).body.rights;
    expect(rights).toMatchObject({ steer: true, vote: false });
    const refused = await vote(g, runId, gateId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("Sign in to vote: this session counts accounts at its gates");

    const first = await vote(account(signIn, "bob"), runId, gateId);
    expect(first.body).toMatchObject({ decided: false });
    const again = await vote(account(signIn, "bob"), runId, gateId);
    expect(again.status).toBe(200);
    expect(again.body.decided).toBe(false);
    expect(again.body.gate.votes.map((v: { user_id: string }) => v.user_id)).toEqual([ACCOUNTS.bob.id]);
    const deciding = await vote(alice, runId, gateId);
    expect(deciding.body).toMatchObject({ decided: true, gate: { decision: "approve" } });
    expect(deciding.body.gate.votes).toHaveLength(2);
  });

  it("vote: when the owner lets guests vote, a guest's vote counts; only the owner changes the setting", async () => {
    const alice = account(signIn, "alice");
    const s = await session(alice);
    const g = guest(signIn);
    await join(g, s.editorInvite, "Guest");
    expect((await g("PATCH", `/collaborate/${s.id}`, { guests: "vote" })).status).toBe(403);
    expect((await alice("PATCH", `/collaborate/${s.id}`, { guests: "everyone" })).status).toBe(422);
    const set = await alice("PATCH", `/collaborate/${s.id}`, { guests: "vote" });
    expect(set.status).toBe(200);
    expect(set.body.guests).toBe("vote");

    const { runId, gateId } = await gatedRun(signIn, alice, g.id, s.id);
    expect((await g("GET", `/runs/${runId}`)).body.rights).toMatchObject({ vote: true });
    const counted = await vote(g, runId, gateId);
    expect(counted.status).toBe(200);
    expect(counted.body.gate.votes.map((v: { user_id: string }) => v.user_id)).toEqual([g.id]);
    expect((await vote(alice, runId, gateId)).body.decided).toBe(true);
  });

  it("watch: a guest only reads — messages, runs, notes and comments are refused — while an account acts as its role", async () => {
    const alice = account(signIn, "alice");
    const s = await session(alice);
    const g = guest(signIn);
    const bob = account(signIn, "bob");
    await join(g, s.editorInvite, "Guest");
    await join(bob, s.editorInvite, "Bob");
    const { runId } = await gatedRun(signIn, alice, g.id, s.id);
    expect((await alice("PATCH", `/collaborate/${s.id}`, { guests: "watch" })).status).toBe(200);

    const watchOnly = /^This session lets guests watch only: sign in/;
    const attempts = [
      await g("POST", `/collaborate/${s.id}/messages`, { content: "hello" }),
      await g("POST", "/runs", { task: "Anything", agents: ["Architect"], session_id: s.id }),
      await g("POST", `/runs/${runId}/interjections`, { content: "Use SQLite" }),
      await g("POST", `/runs/${runId}/comments`, { content: "Nice", anchor: { event_id: "1-0" } }),
    ];
    for (const refused of attempts) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
      expect(refused.body.error.message).toMatch(watchOnly);
    }
    expect((await g("GET", `/collaborate/${s.id}/history`)).status).toBe(200);
    expect((await g("GET", `/collaborate/${s.id}`)).body).toMatchObject({
      guests: "watch",
      my_rights: { act: false, vote: false },
    });
    expect((await g("GET", `/runs/${runId}`)).body.rights).toMatchObject({ steer: false, vote: false, comment: false });
    expect((await bob("POST", `/collaborate/${s.id}/messages`, { content: "hello" })).status).toBe(201);
    expect((await bob("POST", `/runs/${runId}/comments`, { content: "Nice", anchor: { event_id: "1-0" } })).status).toBe(201);
    const history = (await alice("GET", `/collaborate/${s.id}/history`)).body.messages as {
      author_id: string;
      message_type: string;
    }[];
    expect(history.filter((m) => m.message_type === "user").map((m) => m.author_id)).toEqual([ACCOUNTS.bob.id]);
  });

  it("an invite bound to an email admits only that signed-in account with the email verified", async () => {
    const alice = account(signIn, "alice");
    const s = await session(alice);
    const made = await alice("POST", `/collaborate/${s.id}/invites`, { role: "viewer", email: " Carol@Example.com " });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.email).toBe("carol@example.com");
    const token = made.body.invite_token as string;
    expect((await alice("POST", `/collaborate/${s.id}/invites`, { email: "not an email" })).status).toBe(422);

    const asGuest = await join(guest(signIn), token, "Guest");
    expect(asGuest.status).toBe(403);
    expect(asGuest.body.error.message).toBe("This invite is for carol@example.com: sign in as carol@example.com to join");
    const asDave = await join(account(signIn, "dave"), token, "Dave");
    expect(asDave.status).toBe(403);
    expect(asDave.body.error.message).toMatch(/^This invite is for carol@example\.com; you are signed in as dave@example\.com/);
    expect((await join(account(signIn, "erin"), token, "Erin")).status).toBe(403);

    const asCarol = await join(account(signIn, "carol"), token, "Carol");
    expect(asCarol.status, JSON.stringify(asCarol.body)).toBe(200);
    expect(asCarol.body).toMatchObject({ user_id: ACCOUNTS.carol.id, role: "viewer" });
    const list = (await alice("GET", `/collaborate/${s.id}/invites`)).body.invites as { email: string | null }[];
    expect(list.map((i) => i.email).sort()).toEqual(["carol@example.com", null]);
  });
});

describe("without sign-in configured", () => {
  it("everyone acts as their role whatever the setting: guests write and vote, and invites cannot be bound to an email", async () => {
    const owner = guest(plain);
    const s = await session(owner);
    expect((await owner("GET", `/collaborate/${s.id}`)).body).toMatchObject({ guests: "chat", sign_in_configured: false });
    const editor = guest(plain);
    const other = guest(plain);
    await join(editor, s.editorInvite, "Eddie");
    await join(other, s.editorInvite, "Edna");
    expect((await owner("PATCH", `/collaborate/${s.id}`, { guests: "watch" })).status).toBe(200);
    expect((await editor("POST", `/collaborate/${s.id}/messages`, { content: "hello" })).status).toBe(201);
    expect((await editor("GET", `/collaborate/${s.id}`)).body.my_rights).toEqual({ act: true, vote: true });

    const { runId, gateId } = await gatedRun(plain, owner, owner.id, s.id);
    expect((await vote(editor, runId, gateId)).body).toMatchObject({ decided: false });
    expect((await vote(other, runId, gateId)).body).toMatchObject({ decided: true });

    const bound = await owner("POST", `/collaborate/${s.id}/invites`, { email: "carol@example.com" });
    expect(bound.status).toBe(422);
    expect(bound.body.error.message).toMatch(/needs sign-in configured/);
  });
});
