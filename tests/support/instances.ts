// What the two-instance tests share: PostgreSQL (migrated) and Redis behind the REST bridge, and the
// environment that points every `next start` instance at them.
import { openPgClient, pgConnection } from "@/lib/db/connections";
import { applyMigrations } from "@/lib/db/migrations";
import { redisUnavailable, startBridge, type TestBridge } from "./redis";

/** Why two instances cannot run here, or null when they can. */
export async function twoInstancesUnavailable(): Promise<string | null> {
  if (!process.env.DATABASE_URL) {
    return "DATABASE_URL is not set: two instances cannot share the embedded database (CI's PostgreSQL pass sets it)";
  }
  return redisUnavailable();
}

export interface SharedServices {
  bridge: TestBridge;
  /** The environment every instance gets: shared database and Redis hub. */
  env: Record<string, string>;
}

export async function startSharedServices(): Promise<SharedServices> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("two instances need DATABASE_URL (see twoInstancesUnavailable)");
  const client = await openPgClient(databaseUrl);
  try {
    await applyMigrations(pgConnection(client));
  } finally {
    await client.end();
  }
  const bridge = await startBridge();
  return {
    bridge,
    env: { DATABASE_URL: databaseUrl, UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token },
  };
}
