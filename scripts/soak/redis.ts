// `--redis`: the server's hub is the upstash one, on the Redis at REDIS_URL through the REST bridge (as the
// integration tests run it). The soak then watches Redis's own memory too, and removes what it wrote.
import { redis, redisUnavailable, startBridge, type TestBridge } from "../../tests/support/redis";

export interface SoakRedis {
  /** The server's environment for the upstash hub. */
  env: Record<string, string>;
  /** Redis's used_memory now, in bytes. */
  usedBytes(): Promise<number>;
  /** Deletes every key whose name contains one of `fragments` (the soak's channels and runs). */
  cleanUp(fragments: string[]): Promise<number>;
  stop(): Promise<void>;
}

export async function soakRedis(): Promise<SoakRedis> {
  const unavailable = await redisUnavailable();
  if (unavailable) throw new Error(unavailable);
  const bridge: TestBridge = await startBridge();
  return {
    env: { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token },
    async usedBytes() {
      const info = String(await redis("INFO", "memory"));
      return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
    },
    async cleanUp(fragments) {
      let deleted = 0;
      for (const fragment of fragments) {
        let cursor = "0";
        do {
          const [next, keys] = (await redis("SCAN", cursor, "MATCH", `*${fragment}*`, "COUNT", "1000")) as [Buffer, Buffer[]];
          cursor = next.toString();
          if (keys.length > 0) deleted += Number(await redis("DEL", ...keys));
        } while (cursor !== "0");
      }
      return deleted;
    },
    stop: () => bridge.stop(),
  };
}
