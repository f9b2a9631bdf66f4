// Opens the configured database for a script: PostgreSQL (DATABASE_URL) or the embedded PGlite.
import { openPgClient, openPglite, pgConnection, pgliteConnection, readLock } from "@/lib/db/connections";
import type { SqlConnection } from "@/lib/db/migrations";
import { env } from "@/lib/env";

export interface ScriptDatabase {
  kind: "postgresql" | "embedded";
  connection: SqlConnection;
  close(): Promise<void>;
}

/** A running server that holds the embedded database (scripts then go through its HTTP API). */
export function embeddedServer(): { pid: number; port?: number } | null {
  return env.DATABASE_URL ? null : readLock(env.PARLEY_DATA_DIR);
}

export async function openScriptDatabase(): Promise<ScriptDatabase> {
  if (env.DATABASE_URL) {
    const client = await openPgClient(env.DATABASE_URL);
    return { kind: "postgresql", connection: pgConnection(client), close: () => client.end() };
  }
  const db = await openPglite(env.PARLEY_DATA_DIR);
  return { kind: "embedded", connection: pgliteConnection(db), close: () => db.close() };
}
