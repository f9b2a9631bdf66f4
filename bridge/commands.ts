// The Upstash REST wire format: command arrays in, `{result}` / `{error}` out.
import { type CommandArg, ErrorReply, type RedisReply } from "./redis";

/**
 * Commands the bridge refuses: they would block, or change the state of, a connection that other requests
 * share (pub/sub has its own endpoint; transactions go through /multi-exec).
 */
const REFUSED = new Set([
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
  "monitor",
  "sync",
  "psync",
  "replicaof",
  "slaveof",
  "select",
  "swapdb",
  "auth",
  "hello",
  "reset",
  "quit",
  "client",
  "multi",
  "exec",
  "discard",
  "watch",
  "unwatch",
  "blpop",
  "brpop",
  "brpoplpush",
  "blmove",
  "blmpop",
  "bzpopmin",
  "bzpopmax",
  "bzmpop",
  "wait",
  "waitaof",
]);

export class CommandError extends Error {}

/** A JSON command (`["SET", "k", "v"]`) as Redis arguments, or a CommandError saying what is wrong. */
export function parseCommand(value: unknown): CommandArg[] {
  if (!Array.isArray(value) || value.length === 0) throw new CommandError("ERR a command is a non-empty JSON array");
  const args = value.map((v) => {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    throw new CommandError("ERR command arguments must be strings, numbers or booleans");
  });
  const name = args[0]!.toLowerCase();
  if (REFUSED.has(name)) throw new CommandError(`ERR '${name}' is not supported by the REST bridge`);
  if ((name === "xread" || name === "xreadgroup") && args.some((a) => a.toLowerCase() === "block")) {
    throw new CommandError(`ERR '${name}' with BLOCK is not supported by the REST bridge`);
  }
  return args;
}

export function parseCommandList(value: unknown): CommandArg[][] {
  if (!Array.isArray(value) || value.length === 0) throw new CommandError("ERR expected a non-empty JSON array of commands");
  return value.map(parseCommand);
}

/**
 * A reply as JSON. With base64 (header `Upstash-Encoding: base64`) every string is base64 — except the
 * status `OK`, which @upstash/redis expects as is — so any bytes survive the JSON round trip.
 */
export function replyToJson(reply: RedisReply, base64: boolean): unknown {
  if (reply === null || typeof reply === "number") return reply;
  // A status reply (`+OK`, `+PONG`): a bulk string arrives as a Buffer.
  if (typeof reply === "string") return base64 && reply !== "OK" ? Buffer.from(reply).toString("base64") : reply;
  if (reply instanceof ErrorReply) return reply.message;
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString("base64") : reply.toString("utf8");
  return reply.map((r) => replyToJson(r, base64));
}

export type Outcome = { result: unknown } | { error: string };

export function outcome(reply: RedisReply, base64: boolean): Outcome {
  return reply instanceof ErrorReply ? { error: reply.message } : { result: replyToJson(reply, base64) };
}
