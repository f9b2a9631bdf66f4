// Looks inside the database a test server used: PostgreSQL directly (DATABASE_URL), or the server's
// embedded data directory once the server has stopped (PGlite allows one process at a time).
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export async function inspectDatabase<T>(
  dataDir: string,
  fn: (query: Query) => Promise<T>,
  url = process.env.DATABASE_URL,
): Promise<T> {
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(async (sql, params) => (await client.query(sql, params)).rows);
    } finally {
      await client.end();
    }
  }
  const db = new PGlite(dataDir);
  try {
    return await fn(async <R>(sql: string, params?: unknown[]) => (await db.query<R>(sql, params)).rows);
  } finally {
    await db.close();
  }
}
