// An Upstash-compatible REST front for any Redis: POST / (one command), /pipeline, /multi-exec (atomic),
// /subscribe/<channel> (SSE), Bearer auth, `Upstash-Encoding: base64`. It lets @upstash/redis — and so
// the upstash hub — run against a local or self-hosted Redis.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CommandError } from "./commands";
import { CommandConnections } from "./connections";
import { COMMAND_PATHS, type CommandEndpoint, CommandEndpoints } from "./endpoints";
import { bearerCheck, HttpError, readJson, sendJson } from "./http";
import { SseSubscription } from "./sse-subscription";
import { SharedSubscriber } from "./subscriber";

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

/** What a request asks for, read from its method and path. */
type Route = { kind: "stats" } | { kind: "subscribe"; channel: string } | { kind: "command"; endpoint: CommandEndpoint };

function route(req: http.IncomingMessage): Route {
  const url = new URL(req.url ?? "/", "http://bridge");
  // Not part of the Upstash API: the bridge's own counters, for benchmarks and monitoring.
  if (req.method === "GET" && url.pathname === "/stats") return { kind: "stats" };
  if (req.method !== "POST") throw new HttpError(405, "ERR use POST");
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (path.startsWith("/subscribe/")) {
    const channel = decodeURIComponent(path.slice("/subscribe/".length));
    if (!channel || channel.includes("/")) throw new HttpError(400, "ERR subscribe to exactly one channel");
    return { kind: "subscribe", channel };
  }
  const endpoint = COMMAND_PATHS.get(path);
  if (!endpoint) throw new HttpError(404, `ERR unknown endpoint ${path}`);
  return { kind: "command", endpoint };
}

class RedisBridge implements Bridge {
  readonly server: http.Server;
  private readonly connections: CommandConnections;
  private readonly subscriber: SharedSubscriber;
  private readonly endpoints: CommandEndpoints;
  private readonly authorized: (req: http.IncomingMessage) => boolean;
  private readonly subscriptions = new Set<SseSubscription>();
  private readonly requests: BridgeStats["requests"] = { command: 0, pipeline: 0, multi_exec: 0, subscribe: 0, rejected: 0 };

  constructor(private readonly options: BridgeOptions) {
    const name = options.clientName ?? "parley-bridge";
    this.connections = new CommandConnections(options.redisUrl, options.connections ?? 4, name);
    this.subscriber = new SharedSubscriber(options.redisUrl, `${name}:sub`);
    this.endpoints = new CommandEndpoints(this.connections);
    this.authorized = bearerCheck(options.token);
    this.server = http.createServer((req, res) => void this.handle(req, res));
    // SSE subscriptions are long-lived by design.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 60_000;
  }

  stats(): BridgeStats {
    return {
      requests: { ...this.requests },
      commands: this.endpoints.commands,
      subscribers: this.subscriptions.size,
      channels: this.subscriber.channelCount,
    };
  }

  listen(port: number, host = "127.0.0.1"): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.removeListener("error", reject);
        const address = this.server.address();
        if (address && typeof address === "object") resolve(address);
        else reject(new Error(`the bridge is not listening on a TCP port (${address})`));
      });
    });
  }

  async close(): Promise<void> {
    for (const subscription of [...this.subscriptions]) subscription.finish();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.connections.close();
    this.subscriber.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      if (!this.authorized(req)) {
        this.requests.rejected++;
        req.resume();
        return sendJson(res, 401, { error: "Unauthorized" }, !req.readableEnded);
      }
      const target = route(req);
      if (target.kind === "stats") return sendJson(res, 200, this.stats());
      if (target.kind === "subscribe") return await this.subscribe(req, res, target.channel);
      this.requests[target.endpoint]++;
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      const body = await readJson(req, this.options.maxBodyBytes ?? 32 * 1024 * 1024);
      const [status, reply] = await this.endpoints.run(target.endpoint, body, base64);
      sendJson(res, status, reply);
    } catch (error) {
      this.fail(req, res, error);
    }
  }

  private subscribe(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    this.requests.subscribe++;
    req.resume();
    const subscription = new SseSubscription(res, channel, {
      subscriber: this.subscriber,
      keepaliveMs: this.options.keepaliveMs ?? 15_000,
      maxBacklogBytes: this.options.maxSubscriberBacklogBytes ?? 8 * 1024 * 1024,
      onEnd: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    return subscription.start();
  }

  /** The answer to a request that threw: its documented error, or a 500 for the unexpected. */
  private fail(req: http.IncomingMessage, res: http.ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.destroy();
    } else if (error instanceof HttpError) {
      this.requests.rejected++;
      sendJson(res, error.status, { error: error.message }, !req.readableEnded);
    } else if (error instanceof CommandError) {
      this.requests.rejected++;
      sendJson(res, 400, { error: error.message });
    } else {
      console.error("redis-bridge: request failed", error);
      sendJson(res, 500, { error: `ERR ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

export function createBridge(options: BridgeOptions): Bridge {
  return new RedisBridge(options);
}
