// An Upstash-compatible REST front for any Redis: POST / (one command), /pipeline, /multi-exec (atomic),
// /subscribe/<channel> (SSE), Bearer auth, `Upstash-Encoding: base64`. It lets @upstash/redis — and so
// the upstash hub — run against a local or self-hosted Redis.
import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CommandError, type Outcome, outcome, parseCommand, parseCommandList } from "./commands";
import { RespPool } from "./pool";
import { type PubSubListener, SharedSubscriber } from "./pubsub";
import { type CommandArg, RespError, type RespReply } from "./resp";
import { ScriptTranslator } from "./scripts";

export interface BridgeOptions {
  redisUrl: string;
  token: string;
  /** Pipelined command connections to Redis. */
  connections?: number;
  /** Largest request body accepted. */
  maxBodyBytes?: number;
  /** SSE comment interval on subscriptions (keeps proxies from closing quiet ones). */
  keepaliveMs?: number;
  /** A subscriber that falls this far behind is disconnected (it resubscribes and catches up). */
  maxSubscriberBacklogBytes?: number;
  /** Redis CLIENT SETNAME of the bridge's connections (the subscriber one gets a `:sub` suffix). */
  clientName?: string;
}

export interface BridgeStats {
  requests: { command: number; pipeline: number; multi_exec: number; subscribe: number; rejected: number };
  /** Redis commands run on behalf of requests (a pipeline of 5 counts 5). */
  commands: number;
  subscribers: number;
  channels: number;
}

export interface Bridge {
  server: http.Server;
  stats(): BridgeStats;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json),
    // A body left unread (too large) leaves the connection unusable for another request.
    ...(close && { Connection: "close" }),
  });
  res.end(json);
}

async function readJson(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `ERR request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, "ERR the request body is not valid JSON");
  }
}

/** SSE `data:` lines for one event; a payload with line breaks spans several lines, as the SSE spec reads it. */
function sseData(text: string): string {
  return `${text
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join("")}\n`;
}

export function createBridge(options: BridgeOptions): Bridge {
  const name = options.clientName ?? "parley-bridge";
  const pool = new RespPool(options.redisUrl, options.connections ?? 4, name);
  const subscriber = new SharedSubscriber(options.redisUrl, `${name}:sub`);
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const keepaliveMs = options.keepaliveMs ?? 15_000;
  const maxBacklog = options.maxSubscriberBacklogBytes ?? 8 * 1024 * 1024;
  const expected = Buffer.from(`Bearer ${options.token}`);
  const counters: BridgeStats["requests"] = { command: 0, pipeline: 0, multi_exec: 0, subscribe: 0, rejected: 0 };
  let commands = 0;
  let subscribers = 0;
  const openResponses = new Set<http.ServerResponse>();
  const scripts = new ScriptTranslator();
  const forRedis = (command: CommandArg[]) => scripts.translate(command);

  const authorized = (req: http.IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? "");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  async function runCommand(body: unknown, base64: boolean): Promise<[number, unknown]> {
    const command = forRedis(parseCommand(body));
    commands++;
    const [reply] = await pool.send([command]);
    const result = outcome(reply as RespReply, base64);
    return "error" in result ? [400, result] : [200, result];
  }

  async function runPipeline(body: unknown, base64: boolean): Promise<[number, unknown]> {
    const list = parseCommandList(body).map(forRedis);
    commands += list.length;
    const replies = await pool.send(list);
    return [200, replies.map((r) => outcome(r, base64))];
  }

  async function runTransaction(body: unknown, base64: boolean): Promise<[number, unknown]> {
    const list = parseCommandList(body).map(forRedis);
    commands += list.length;
    // MULTI … EXEC in one write on one connection: Redis runs the whole block with nothing in between.
    const replies = await pool.send([["MULTI"], ...list, ["EXEC"]]);
    const exec = replies.at(-1);
    if (exec instanceof RespError) {
      const queued = replies.slice(1, -1).find((r) => r instanceof RespError);
      return [400, { error: queued instanceof RespError ? `${exec.message} (${queued.message})` : exec.message }];
    }
    if (!Array.isArray(exec)) return [400, { error: "ERR the transaction was aborted" }];
    return [200, exec.map((r): Outcome => outcome(r, base64))];
  }

  async function subscribe(res: http.ServerResponse, channel: string): Promise<void> {
    let started = false;
    let done = false;
    const early: string[] = [];
    const write = (text: string) => {
      if (done) return;
      if (!started) {
        early.push(text);
        return;
      }
      res.write(text);
      if (res.writableLength > maxBacklog) finish();
    };
    let keepalive: ReturnType<typeof setInterval> | null = null;
    const listener: PubSubListener = {
      message: (payload) => write(sseData(`message,${channel},${payload.toString("utf8")}`)),
      closed: () => finish(),
    };
    function finish() {
      if (done) return;
      done = true;
      subscribers--;
      if (keepalive) clearInterval(keepalive);
      subscriber.remove(channel, listener);
      openResponses.delete(res);
      if (started) res.end();
      else if (!res.headersSent && !res.destroyed) send(res, 500, { error: "ERR the Redis subscription failed" });
    }
    subscribers++;
    openResponses.add(res);
    res.on("close", finish);
    try {
      await subscriber.add(channel, listener);
    } catch (error) {
      console.error("redis-bridge: subscribe failed", error);
      finish();
      return;
    }
    if (done) return;
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    started = true;
    res.write(sseData(`subscribe,${channel},1`));
    for (const text of early.splice(0)) write(text);
    keepalive = setInterval(() => write(": keepalive\n\n"), keepaliveMs);
  }

  const server = http.createServer(async (req, res) => {
    try {
      if (!authorized(req)) {
        counters.rejected++;
        req.resume();
        return send(res, 401, { error: "Unauthorized" }, !req.readableEnded);
      }
      const url = new URL(req.url ?? "/", "http://bridge");
      // Not part of the Upstash API: the bridge's own counters, for benchmarks and monitoring.
      if (req.method === "GET" && url.pathname === "/stats") return send(res, 200, stats());
      if (req.method !== "POST") throw new HttpError(405, "ERR use POST");
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      const path = url.pathname.replace(/\/+$/, "") || "/";
      if (path.startsWith("/subscribe/")) {
        const channel = decodeURIComponent(path.slice("/subscribe/".length));
        if (!channel || channel.includes("/")) throw new HttpError(400, "ERR subscribe to exactly one channel");
        counters.subscribe++;
        req.resume();
        return await subscribe(res, channel);
      }
      const run = path === "/" ? runCommand : path === "/pipeline" ? runPipeline : path === "/multi-exec" ? runTransaction : null;
      if (!run) throw new HttpError(404, `ERR unknown endpoint ${path}`);
      counters[path === "/" ? "command" : path === "/pipeline" ? "pipeline" : "multi_exec"]++;
      const [status, body] = await run(await readJson(req, maxBody), base64);
      send(res, status, body);
    } catch (error) {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) {
        counters.rejected++;
        return send(res, error.status, { error: error.message }, !req.readableEnded);
      }
      if (error instanceof CommandError) {
        counters.rejected++;
        return send(res, 400, { error: error.message });
      }
      console.error("redis-bridge: request failed", error);
      send(res, 500, { error: `ERR ${(error as Error).message}` });
    }
  });
  // SSE subscriptions are long-lived by design.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  const stats = (): BridgeStats => ({ requests: { ...counters }, commands, subscribers, channels: subscriber.channelCount });

  return {
    server,
    stats,
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.removeListener("error", reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close() {
      for (const res of openResponses) res.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      pool.close();
      subscriber.close();
    },
  };
}
