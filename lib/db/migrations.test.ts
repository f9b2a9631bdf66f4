import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { openPgClient, pgConnection, pgliteConnection } from "./connections";
import { applyMigrations, type SqlConnection } from "./migrations";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function migrationsDir(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "parley-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function databases(): Promise<[string, () => Promise<SqlConnection>][]> {
  const list: [string, () => Promise<SqlConnection>][] = [
    [
      "pglite",
      async () => {
        const db = new PGlite("memory://");
        cleanups.push(() => db.close());
        return pgliteConnection(db);
      },
    ],
  ];
  const url = process.env.DATABASE_URL;
  if (url) {
    list.push([
      "postgresql",
      async () => {
        // A throwaway database, so the real one's schema is untouched.
        const admin = await openPgClient(url);
        const name = `parley_mig_${process.pid}_${Date.now()}`;
        await admin.query(`CREATE DATABASE ${name}`);
        const target = new URL(url);
        target.pathname = `/${name}`;
        const client = await openPgClient(target.toString());
        cleanups.push(async () => {
          await client.end();
          await admin.query(`DROP DATABASE IF EXISTS ${name}`);
          await admin.end();
        });
        return pgConnection(client);
      },
    ]);
  }
  return list;
}

// A fresh embedded database applying every migration takes seconds, more on a busy machine.
describe.each(await databases())("migrations on %s", { timeout: 60_000 }, (_name, connect) => {
  it("applies the project's migrations once and records them for Prisma", async () => {
    const db = await connect();
    const first = await applyMigrations(db);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await applyMigrations(db);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    const tables = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["_prisma_migrations", "api_keys", "users"]));
  });

  it("rolls a failed migration back, records it, and refuses to go past it", async () => {
    const db = await connect();
    const dir = await migrationsDir({
      "001_ok": "CREATE TABLE a (id int);",
      "002_bad": "CREATE TABLE b (id int); INSERT INTO nowhere VALUES (1);",
      "003_later": "CREATE TABLE c (id int);",
    });
    await expect(applyMigrations(db, dir)).rejects.toThrow(/002_bad failed/);
    const rows = await db.query<{ migration_name: string; finished_at: unknown; logs: string | null }>(
      `SELECT migration_name, finished_at, logs FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([
      ["001_ok", true],
      ["002_bad", false],
    ]);
    expect(rows[1]?.logs).toMatch(/nowhere/);
    const b = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM information_schema.tables WHERE table_name = 'b'");
    expect(b[0]?.n).toBe("0");
    await expect(applyMigrations(db, dir)).rejects.toThrow(/failed earlier/);
  });
});
