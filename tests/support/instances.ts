// What the two-instance tests share: a PostgreSQL database of the test file's own (migrated: see
// tests/support/database.ts for why not the one every file uses) and Redis behind the REST bridge, and
// the environment that points every `next start` instance at them.
import { afterEach, beforeAll } from "vitest";
import { ownDatabase } from "./database";
import { redisUnavailable, startBridge, type TestBridge } from "./redis";
import { startServer, type TestServer } from "./server";

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

/**
 * For a describe block of two-instance tests: the shared services for the whole block, and `pair(env)`
 * starting two instances on them for one test (stopped after it). Call it inside the describe block.
 */
export function instancePairs(base: Record<string, string> = {}) {
  let shared: SharedServices;
  let started: TestServer[] = [];
  beforeAll(async () => {
    shared = await startSharedServices();
    return () => shared.stop();
  });
  afterEach(async () => {
    await Promise.all(started.map((s) => s.stop()));
    started = [];
  });
  return {
    async pair(extra: Record<string, string> = {}): Promise<[TestServer, TestServer]> {
      const env = { ...shared.env, ...base, ...extra };
      started = await Promise.all([startServer({ env }), startServer({ env })]);
      return started as [TestServer, TestServer];
    },
  };
}
