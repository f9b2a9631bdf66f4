// node-redis set up the way the bridge needs it. RESP2, because that is the reply shape Upstash clients
// expect (flat arrays, no maps). Status replies decode to strings and bulk strings to Buffers, so `+OK`
// and a stored "OK" stay apart and any bytes survive. Errors inside arrays (EXEC, Lua) stay values.
// No retries and no offline queue: a lost connection fails whatever was pending, and its owner replaces
// it on next use, which is what lets clients of the bridge see the failure and recover.
import { createClient, ErrorReply, RESP_TYPES } from "@redis/client";

export { ErrorReply };

export type CommandArg = string | Buffer;

const REPLY_TYPES = { [RESP_TYPES.SIMPLE_STRING]: String, [RESP_TYPES.BLOB_STRING]: Buffer } as const;

/** What a command returns under REPLY_TYPES: a status reply is a string, a bulk string a Buffer. */
export type RedisReply = string | Buffer | number | null | ErrorReply | RedisReply[];

export interface ConnectOptions {
  /** CLIENT SETNAME of the connection, so it can be found in CLIENT LIST. */
  name?: string;
  timeoutMs?: number;
  /** Called once if the connection drops after it was established. */
  onLost?: (error: Error) => void;
}

function redisClient(url: string, options: ConnectOptions) {
  return createClient({
    url,
    RESP: 2,
    name: options.name,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: false, connectTimeout: options.timeoutMs ?? 5000 },
    // No per-command deadline (node-redis 6 defaults to 5 s; the bridge never had one): a long script or
    // a large reply is Redis's business. It also saves an abort timer per command.
    commandOptions: { typeMapping: REPLY_TYPES, timeout: 0 },
  });
}

export type RedisConnection = ReturnType<typeof redisClient>;

/** An open connection; rejects when Redis cannot be reached or refuses the handshake. */
export async function connectRedis(url: string, options: ConnectOptions = {}): Promise<RedisConnection> {
  const client = redisClient(url, options);
  // Failures reach callers as rejected commands and through `onLost`; without a listener, node-redis's
  // 'error' event would crash the process.
  client.on("error", () => {});
  await client.connect();
  const { onLost } = options;
  if (onLost) client.once("terminated", (cause: unknown) => onLost(cause instanceof Error ? cause : new Error(String(cause))));
  return client;
}

/** Runs commands back to back on one connection; a Redis error is the reply of its own command. */
export async function sendCommands(
  connection: RedisConnection,
  commands: readonly (readonly CommandArg[])[],
): Promise<RedisReply[]> {
  // One chain: node-redis writes the commands together, in order, with nothing of another request between them.
  const chainId = Symbol("bridge request");
  const settled = await Promise.allSettled(commands.map((args) => connection.sendCommand<RedisReply>(args, { chainId })));
  return settled.map((result) => {
    if (result.status === "fulfilled") return result.value;
    if (result.reason instanceof ErrorReply) return result.reason;
    throw result.reason;
  });
}
