// The attackers' HTTP client: plain node:http requests whose socket is bound to a chosen loopback address
// (127.0.0.2, 127.0.0.3…), so the server sees each attacker as its own client address. fetch cannot choose
// its source address without a dispatcher from a package Parley does not depend on.
import http from "node:http";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as text, read whole (answers are small; a large one is cut at `maxBodyBytes`). */
  text: string;
}

export interface SendOptions {
  headers?: Record<string, string>;
  /** Sent as it is: a prepared Buffer or string (the floods reuse one body for every request). */
  body?: Buffer | string;
  timeoutMs?: number;
}

/** Answers are read up to this much; beyond it the rest is drained unread. */
const maxBodyBytes = 256 * 1024;

export class AddressClient {
  private readonly agent: http.Agent;

  constructor(
    readonly origin: URL,
    readonly localAddress: string,
    maxSockets = 32,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    const { body, timeoutMs = 60_000 } = options;
    const headers: Record<string, string | number> = { ...options.headers };
    if (body !== undefined) headers["Content-Length"] = Buffer.byteLength(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.origin.hostname,
          port: this.origin.port,
          localAddress: this.localAddress,
          method,
          path,
          headers,
          agent: this.agent,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on("data", (chunk: Buffer) => {
            if (kept < maxBodyBytes) chunks.push(chunk);
            kept += chunk.length;
          });
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
          );
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Sends JSON (an object is serialised; a Buffer or string is taken as already serialised). */
  json(method: string, path: string, body: unknown, headers: Record<string, string> = {}, timeoutMs?: number) {
    const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    return this.send(method, path, { body: payload, headers: { "Content-Type": "application/json", ...headers }, timeoutMs });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The answer's JSON, or null when it is not JSON. */
export function jsonOf<T>(reply: Reply): T | null {
  try {
    return JSON.parse(reply.text) as T;
  } catch {
    return null;
  }
}

/** The network error's code (ECONNRESET, ECONNREFUSED, ETIMEDOUT…), for the tally. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message.slice(0, 40) : "error";
}
