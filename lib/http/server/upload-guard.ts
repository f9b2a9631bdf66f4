// Slow uploads: a client that opens connections and sends their headers or bodies a byte at a time holds
// a socket, a parser and buffers for as long as the server waits. Node's own bounds do not fit Parley:
// its headers timeout is only checked every 30 s (the interval is fixed when `next start` listens), and
// its request timeout is a total time (300 s) that cuts a producer's AG-UI stream piped in as a request
// body for the length of a run. So this guard keeps its own:
// - headers must be complete within `headersTimeoutMs` of the connection (or of the previous response on
//   a kept-alive connection);
// - a body may pause between bytes for at most `bodyIdleMs` (a pause the server causes by not reading
//   does not count), however long it runs;
// - one address may have at most `perAddress` requests still sending headers or a body; beyond it a new
//   connection or body is answered 429 and closed. Streams being served do not count: they are finished
//   requests.
// Works on plain Node objects (net.Socket, IncomingMessage); lib/http/server/node-server.ts feeds it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { addressBucket } from "@/lib/auth/quota-table";
import { type ErrorCode, errorStatus } from "@/lib/errors";

export interface UploadLimits {
  headersTimeoutMs: number;
  bodyIdleMs: number;
  /** Unfinished requests per address; null: not counted (behind a proxy every peer is the proxy). */
  perAddress: number | null;
}

type Stage = "headers" | "body" | "responding" | "idle";

interface Watch {
  readonly address: string | null;
  stage: Stage;
  /** Counted against the address (sending headers or a body). */
  counted: boolean;
  /** When the stage started, or (body) when a byte last arrived. */
  since: number;
  /** socket.bytesRead when `since` was set. */
  bytes: number;
  request: IncomingMessage | null;
  response: ServerResponse | null;
  /** Responses still being written on this connection (pipelined requests wait their turn). */
  responding: number;
}

export class UploadGuard {
  private readonly watches = new Map<Socket, Watch>();
  private readonly unfinished = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly limits: UploadLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** How often the guard looks: a quarter of the shortest bound, between 100 ms and 1 s. */
  get sweepMs(): number {
    return Math.min(1000, Math.max(100, Math.floor(Math.min(this.limits.headersTimeoutMs, this.limits.bodyIdleMs) / 4)));
  }

  /** Requests of `address` still sending headers or a body. */
  unfinishedOf(address: string): number {
    return this.unfinished.get(address) ?? 0;
  }

  /** A new connection: watched from now, or refused (429, closed) when its address is at its cap. */
  admitConnection(socket: Socket): boolean {
    // Counted as the quotas count addresses: IPv6 by its /64, where one host can pick any of 2^64 addresses.
    const peer = socket.remoteAddress;
    const address = this.limits.perAddress === null || !peer ? null : addressBucket(peer);
    if (this.atCap(address)) {
      refuseSocket(socket, "rate_limited", this.capMessage());
      return false;
    }
    const watch: Watch = {
      address,
      stage: "headers",
      counted: false,
      since: this.now(),
      bytes: 0,
      request: null,
      response: null,
      responding: 0,
    };
    this.watches.set(socket, watch);
    this.count(watch, true);
    socket.once("close", () => this.forget(socket));
    this.start();
    return true;
  }

  /** A request whose headers are complete: false when it was answered here (its address is at its cap). */
  admitRequest(request: IncomingMessage, response: ServerResponse): boolean {
    const socket = request.socket;
    const watch = this.watches.get(socket);
    if (!watch) return true; // a connection this guard never saw (made before it was installed)
    const sending = hasBody(request) && !request.complete;
    if (sending && !watch.counted && this.atCap(watch.address)) {
      refuseResponse(response, this.capMessage());
      return false;
    }
    watch.request = request;
    watch.response = response;
    watch.responding++;
    this.count(watch, sending);
    this.enter(watch, sending ? "body" : "responding", socket);
    if (sending) request.once("end", () => this.bodyDone(socket, request));
    response.once("finish", () => this.responseDone(socket));
    return true;
  }

  /** The connection now speaks another protocol (an upgrade): no longer HTTP requests to watch. */
  release(socket: Socket): void {
    this.forget(socket);
  }

  /** Closes what has overstayed its bound. Runs on the guard's own timer; exposed for tests. */
  sweep(): void {
    const now = this.now();
    for (const [socket, watch] of this.watches) {
      if (socket.destroyed) {
        this.forget(socket);
        continue;
      }
      if (watch.stage === "idle") this.checkIdle(socket, watch, now);
      if (watch.stage === "headers" && now - watch.since > this.limits.headersTimeoutMs) {
        this.timeOut(socket, `The request's headers did not arrive within ${seconds(this.limits.headersTimeoutMs)}`);
      } else if (watch.stage === "body") {
        this.checkBody(socket, watch, now);
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** A kept-alive connection between requests: bytes of a next request make it a request in progress. */
  private checkIdle(socket: Socket, watch: Watch, now: number): void {
    if (socket.bytesRead === watch.bytes) {
      // Nothing asked for: Node's keep-alive timeout normally ends it long before this.
      if (now - watch.since > this.limits.headersTimeoutMs) socket.destroy();
      return;
    }
    if (!watch.counted && this.atCap(watch.address)) {
      refuseSocket(socket, "rate_limited", this.capMessage());
      this.forget(socket);
      return;
    }
    this.count(watch, true);
    watch.stage = "headers"; // counted from the end of the previous response
  }

  private checkBody(socket: Socket, watch: Watch, now: number): void {
    const request = watch.request;
    if (!request || request.complete) {
      this.bodyDone(socket, request);
      return;
    }
    // Bytes arrived, or the server has not yet read what did (then the client is not the slow one).
    if (socket.bytesRead !== watch.bytes || request.readableLength > 0 || socket.isPaused()) {
      watch.bytes = socket.bytesRead;
      watch.since = now;
      return;
    }
    if (now - watch.since > this.limits.bodyIdleMs) {
      this.timeOut(socket, `The request's body sent nothing for ${seconds(this.limits.bodyIdleMs)}`);
    }
  }

  private bodyDone(socket: Socket, request: IncomingMessage | null): void {
    const watch = this.watches.get(socket);
    if (!watch || watch.request !== request || watch.stage !== "body") return;
    this.count(watch, false);
    this.enter(watch, watch.responding > 0 ? "responding" : "idle", socket);
  }

  private responseDone(socket: Socket): void {
    const watch = this.watches.get(socket);
    if (!watch) return;
    watch.responding = Math.max(0, watch.responding - 1);
    if (watch.responding === 0 && watch.stage === "responding") this.enter(watch, "idle", socket);
  }

  private enter(watch: Watch, stage: Stage, socket: Socket): void {
    watch.stage = stage;
    watch.since = this.now();
    watch.bytes = socket.bytesRead;
  }

  private timeOut(socket: Socket, message: string): void {
    const watch = this.watches.get(socket);
    // A response already under way cannot be replaced by an error: the connection just ends.
    const started = watch?.stage === "body" && watch.response?.headersSent === true;
    if (started) socket.destroy();
    else refuseSocket(socket, "request_timeout", message);
    this.forget(socket);
  }

  private forget(socket: Socket): void {
    const watch = this.watches.get(socket);
    if (!watch) return;
    this.count(watch, false);
    this.watches.delete(socket);
    if (this.watches.size === 0) this.stop();
  }

  private atCap(address: string | null): boolean {
    const cap = this.limits.perAddress;
    return address !== null && cap !== null && this.unfinishedOf(address) >= cap;
  }

  /** Counts (or stops counting) a watched connection against its address. */
  private count(watch: Watch, counted: boolean): void {
    if (watch.counted === counted) return;
    watch.counted = counted;
    if (watch.address === null) return;
    const n = this.unfinishedOf(watch.address) + (counted ? 1 : -1);
    if (n > 0) this.unfinished.set(watch.address, n);
    else this.unfinished.delete(watch.address);
  }

  private capMessage(): string {
    return `Too many unfinished requests from your address (at most ${this.limits.perAddress} still sending headers or a body); finish or close some first`;
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.sweepMs);
    this.timer.unref();
  }
}

function hasBody(request: IncomingMessage): boolean {
  const length = Number(request.headers["content-length"] ?? 0);
  return request.headers["transfer-encoding"] !== undefined || (Number.isFinite(length) && length > 0);
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function errorBody(code: ErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

const REASONS: Partial<Record<number, string>> = { 408: "Request Timeout", 429: "Too Many Requests" };

/** Answers on the raw socket (no response object owns it yet, or Next's will never finish) and closes it. */
function refuseSocket(socket: Socket, code: ErrorCode, message: string): void {
  const status = errorStatus[code];
  const body = errorBody(code, message);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${REASONS[status] ?? ""}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n` +
        `${status === 429 ? "Retry-After: 1\r\n" : ""}Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** A request Next never sees: 429 in the error shape, and the connection closed after it. */
function refuseResponse(response: ServerResponse, message: string): void {
  const body = errorBody("rate_limited", message);
  response.shouldKeepAlive = false;
  response.writeHead(429, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Retry-After": "1",
    Connection: "close",
  });
  response.end(body);
}
