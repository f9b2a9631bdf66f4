// A PostgreSQL database of a test's own, for tests whose servers sweep for lost runs: a server judges
// every run in its database by its own PARLEY_RUN_LEASE_MS, PARLEY_RUN_MAX_RESUMES and
// PARLEY_EXTERNAL_IDLE_S, so on a database shared with other test files running at the same time it
// would pick up (or fail) their runs, and they its — and a run picked up by another file's server
// streams on that server's hub, not on this one's.
// On the embedded database each server already has its own data directory, and nothing is needed.
import { openPgClient, pgConnection } from "@/lib/db/connections";
import { applyMigrations } from "@/lib/db/migrations";

export interface OwnDatabase {
  /** What a server's environment needs to use it: DATABASE_URL, or nothing on the embedded database. */
  env: Record<string, string>;
  /** Drops it; its servers must have stopped. */
  drop(): Promise<void>;
}

let made = 0;

/** A fresh, migrated database beside DATABASE_URL's (same server), or nothing when DATABASE_URL is unset. */
export async function ownDatabase(): Promise<OwnDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) return { env: {}, drop: async () => {} };
  const name = `parley_test_${process.pid}_${Date.now()}_${made++}`;
  const admin = await openPgClient(base);
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const client = await openPgClient(url.toString());
  try {
    await applyMigrations(pgConnection(client));
  } finally {
    await client.end();
  }
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const dropper = await openPgClient(base);
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
