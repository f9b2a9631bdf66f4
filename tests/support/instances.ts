// What the two-instance tests share: a PostgreSQL database of the test file's own (migrated: see
// tests/support/database.ts for why not the one every file uses) and Redis behind the REST bridge, and
// the environment that points every `next start` instance at them.
import { ownDatabase } from "./database";
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
  /** Stops the bridge and drops the database, once the instances have stopped. */
  stop(): Promise<void>;
}

export async function startSharedServices(): Promise<SharedServices> {
  if (!process.env.DATABASE_URL) throw new Error("two instances need DATABASE_URL (see twoInstancesUnavailable)");
  const database = await ownDatabase();
  const bridge = await startBridge();
  return {
    bridge,
    env: { ...database.env, UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token },
    async stop() {
      await bridge.stop();
      await database.drop();
    },
  };
}
