// Real Redis for tests: whether it is reachable, the REST bridge in front of it, and raw commands for
// checking what Redis itself holds.
import { randomBytes } from "node:crypto";
import { type CommandArg, connectRedis, type RedisReply, sendCommands } from "@/bridge/redis";
import { type Bridge, createBridge } from "@/bridge/server";

export const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** Why Redis tests cannot run here, or null when Redis answers PING. */
export async function redisUnavailable(): Promise<string | null> {
  try {
    const pong = await command(["PING"], 1000);
    return pong === null ? `Redis at ${REDIS_URL} did not answer PING` : null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `no Redis reachable at ${REDIS_URL} (${reason}); start redis-server or set REDIS_URL`;
  }
}

/** One command on a fresh connection, with the bridge's client and reply types (bulk strings as Buffers). */
export function redis(...args: CommandArg[]): Promise<RedisReply> {
  return command(args);
}

async function command(args: CommandArg[], timeoutMs?: number): Promise<RedisReply> {
  const connection = await connectRedis(REDIS_URL, { timeoutMs });
  try {
    const [reply = null] = await sendCommands(connection, [args]);
    return reply;
  } finally {
    connection.destroy();
  }
}

/** Closes every Redis connection with this CLIENT SETNAME (what a network failure would do). */
export async function killRedisClients(name: string): Promise<number> {
  const list = String(await redis("CLIENT", "LIST"));
  let killed = 0;
  for (const line of list.split("\n")) {
    const id = /(?:^|\s)id=(\d+)/.exec(line)?.[1];
    if (id && line.includes(` name=${name} `)) {
      await redis("CLIENT", "KILL", "ID", id);
      killed++;
    }
  }
  return killed;
}

export interface TestBridge {
  url: string;
  token: string;
  /** CLIENT SETNAME of its Redis connections (the subscriber connection: `${clientName}:sub`). */
  clientName: string;
  bridge: Bridge;
  stop(): Promise<void>;
}

export async function startBridge(): Promise<TestBridge> {
  const token = randomBytes(24).toString("base64url");
  const clientName = `parley-test-${randomBytes(6).toString("hex")}`;
  const bridge = createBridge({ redisUrl: REDIS_URL, token, clientName });
  const address = await bridge.listen(0);
  return { url: `http://127.0.0.1:${address.port}`, token, clientName, bridge, stop: () => bridge.close() };
}

/** A unique key prefix, so parallel test files never share Redis keys. */
export function testPrefix(): string {
  return `test:${randomBytes(6).toString("hex")}:`;
}

/** Byte bounds for an upstash hub under test that no test outside the bounds' own comes near. */
export const ROOMY_HUB_BYTES = { historyBytes: 64 * 1024 * 1024, maxBytes: 1024 * 1024 * 1024 };
