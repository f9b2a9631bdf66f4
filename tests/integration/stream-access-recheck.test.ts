// The fallback behind the events that end streams (lib/auth/grant-check.ts): when the message that should
// have ended a stream never comes — here the database is changed behind Parley's back, as when a hub
// message is lost — the periodic re-check ends it. PostgreSQL only: the test writes to the server's database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgClient } from "@/lib/db/connections";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import { expectEndsWithin, openRaw } from "@/tests/support/raw-stream";
import { startServer, type TestServer } from "@/tests/support/server";
import { newUserId, user } from "@/tests/support/session-client";

const skipReason = process.env.DATABASE_URL
  ? null
  : "DATABASE_URL is not set: the test writes to the server's PostgreSQL database";
if (skipReason) console.warn(`re-check tests skipped: ${skipReason}`);

const RECHECK_MS = 1000;

describe.skipIf(skipReason)("the periodic re-check of open streams", () => {
  let database: OwnDatabase;
  let server: TestServer;
  const sql = async (text: string, params: unknown[]) => {
    const client = await openPgClient(database.env.DATABASE_URL!);
    try {
      return (await client.query(text, params)).rowCount;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await ownDatabase();
    server = await startServer({
      env: { ...database.env, PARLEY_TRUST_USER_HEADER: "true", PARLEY_GRANT_RECHECK_MS: String(RECHECK_MS) },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("ends a stream whose key was revoked without a word to the server", async () => {
    const me = newUserId();
    const made = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { "X-User-ID": me, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "k" }),
    });
    const key = (await made.json()) as { id: string; key: string };
    const stream = await openRaw(`${server.url}/api/v1/channels/quietly/stream`, { Authorization: `Bearer ${key.key}` });
    const revokedAt = Date.now();
    expect(await sql("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [key.id])).toBe(1);
    await expectEndsWithin(stream, revokedAt, RECHECK_MS + 3000);
  });

  it("ends a session stream whose reader was removed without a word to the server", async () => {
    const owner = user(server);
    const ed = user(server);
    const s = (await owner.create({ title: "quiet" })).body;
    expect((await ed.join(s.invite_token, "Ed")).status).toBe(200);
    const stream = await openRaw(`${server.url}/api/v1/collaborate/${s.session_id}/stream`, { "X-User-ID": ed.id });
    const removedAt = Date.now();
    const removed = await sql(
      "UPDATE participants SET left_at = now(), removed_at = now() WHERE session_id = $1 AND user_id = $2",
      [s.session_id, ed.id],
    );
    expect(removed).toBe(1);
    await expectEndsWithin(stream, removedAt, RECHECK_MS + 3000);
  });
});
