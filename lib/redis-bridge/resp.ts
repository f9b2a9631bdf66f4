// A minimal RESP2 client for the bridge. The bridge must hand Redis replies through unchanged (no reply
// transformers, status replies told apart from bulk strings, bytes kept as bytes), which general-purpose
// clients do not promise; this speaks the protocol directly.
import net from "node:net";
import tls from "node:tls";

export class RespError {
  constructor(readonly message: string) {}
}

/** A simple-string reply (`+OK`), distinct from a bulk string with the same bytes. */
export class RespStatus {
  constructor(readonly value: string) {}
}

export type RespReply = RespStatus | RespError | number | Buffer | null | RespReply[];

export type CommandArg = string | Buffer;

const CRLF = Buffer.from("\r\n");

export function encodeCommand(args: readonly CommandArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === "string" ? Buffer.from(arg, "utf8") : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

interface Frame {
  remaining: number;
  items: RespReply[];
}

/** Incremental reply parser: feed it socket chunks, get complete top-level replies back. */
export class RespParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private readonly stack: Frame[] = [];
  /** Length of a bulk string whose header was read and whose bytes have not all arrived. */
  private bulkLength = -1;
  /** While a long bulk string arrives, chunks wait here and are joined once (not once per chunk). */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;

  feed(chunk: Buffer): RespReply[] {
    if (this.bulkLength >= 0 && this.available() + this.waitingBytes + chunk.length < this.bulkLength + 2) {
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      return [];
    }
    this.buf = Buffer.concat([this.buf.subarray(this.pos), ...this.waiting, chunk]);
    this.pos = 0;
    this.waiting = [];
    this.waitingBytes = 0;
    const out: RespReply[] = [];
    for (;;) {
      const value = this.next();
      if (value === undefined) break;
      this.complete(value, out);
    }
    return out;
  }

  private available(): number {
    return this.buf.length - this.pos;
  }

  /** The next complete scalar value, an empty array, or undefined when more bytes are needed. */
  private next(): RespReply | undefined {
    for (;;) {
      if (this.bulkLength >= 0) {
        if (this.available() < this.bulkLength + 2) return undefined;
        const value = Buffer.from(this.buf.subarray(this.pos, this.pos + this.bulkLength));
        this.pos += this.bulkLength + 2;
        this.bulkLength = -1;
        return value;
      }
      const end = this.buf.indexOf(CRLF, this.pos);
      if (end < 0) return undefined;
      const type = String.fromCharCode(this.buf[this.pos]!);
      const line = this.buf.toString("utf8", this.pos + 1, end);
      this.pos = end + 2;
      switch (type) {
        case "+":
          return new RespStatus(line);
        case "-":
          return new RespError(line);
        case ":":
          return Number(line);
        case "$": {
          const n = Number(line);
          if (n < 0) return null;
          this.bulkLength = n;
          continue;
        }
        case "*": {
          const n = Number(line);
          if (n < 0) return null;
          if (n === 0) return [];
          this.stack.push({ remaining: n, items: [] });
          continue;
        }
        default:
          throw new Error(`RESP protocol error: unexpected type byte ${JSON.stringify(type)}`);
      }
    }
  }

  private complete(value: RespReply, out: RespReply[]): void {
    let v = value;
    for (;;) {
      const top = this.stack.at(-1);
      if (!top) {
        out.push(v);
        return;
      }
      top.items.push(v);
      if (--top.remaining > 0) return;
      this.stack.pop();
      v = top.items;
    }
  }
}

export interface RedisAddress {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  db: number;
}

/** redis://[[user]:password@]host[:port][/db] or rediss:// for TLS. */
export function parseRedisUrl(url: string): RedisAddress {
  const u = new URL(url);
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new Error(`not a redis:// URL: ${url}`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`bad database number in ${url}`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    tls: u.protocol === "rediss:",
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
  };
}

interface Pending {
  count: number;
  replies: RespReply[];
  resolve(replies: RespReply[]): void;
  reject(error: Error): void;
}

/**
 * One Redis connection. Commands are pipelined: replies come back in order, each `send` gets the
 * replies of exactly its own commands. In subscriber mode every reply goes to `onPush` instead.
 */
export class RespConnection {
  private readonly parser = new RespParser();
  private readonly pending: Pending[] = [];
  private closedError: Error | null = null;
  private readonly closeListeners = new Set<(error: Error) => void>();
  onPush: ((reply: RespReply) => void) | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      let replies: RespReply[];
      try {
        replies = this.parser.feed(chunk);
      } catch (error) {
        socket.destroy(error as Error);
        return;
      }
      for (const reply of replies) this.dispatch(reply);
    });
    socket.on("error", () => {
      // "close" follows and carries the failure to everyone waiting.
    });
    socket.on("close", () => this.fail(new Error("Redis connection closed")));
  }

  /** `name` is set with CLIENT SETNAME, so the connection can be found in CLIENT LIST. */
  static async connect(url: string, options: { name?: string; timeoutMs?: number } = {}): Promise<RespConnection> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const address = parseRedisUrl(url);
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = address.tls
        ? tls.connect({ host: address.host, port: address.port, servername: address.host })
        : net.connect({ host: address.host, port: address.port });
      const timer = setTimeout(() => s.destroy(new Error(`Redis connect timeout (${address.host}:${address.port})`)), timeoutMs);
      s.once(address.tls ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        s.removeListener("error", onError);
        resolve(s);
      });
      const onError = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      s.once("error", onError);
    });
    const conn = new RespConnection(socket);
    const setup: CommandArg[][] = [];
    if (address.password !== undefined) {
      setup.push(address.username ? ["AUTH", address.username, address.password] : ["AUTH", address.password]);
    }
    if (address.db !== 0) setup.push(["SELECT", String(address.db)]);
    if (options.name) setup.push(["CLIENT", "SETNAME", options.name]);
    if (setup.length > 0) {
      const replies = await conn.send(setup);
      const failed = replies.find((r) => r instanceof RespError);
      if (failed instanceof RespError) {
        conn.close();
        throw new Error(`Redis setup failed: ${failed.message}`);
      }
    }
    return conn;
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Writes the commands in one write (nothing of another `send` lands between them) and awaits their replies. */
  send(commands: readonly (readonly CommandArg[])[]): Promise<RespReply[]> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.pending.push({ count: commands.length, replies: [], resolve, reject });
      this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    });
  }

  /** Writes commands whose replies arrive through `onPush` (subscriber mode). */
  write(command: readonly CommandArg[]): void {
    if (!this.closedError) this.socket.write(encodeCommand(command));
  }

  onClose(listener: (error: Error) => void): void {
    if (this.closedError) listener(this.closedError);
    else this.closeListeners.add(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private dispatch(reply: RespReply): void {
    if (this.onPush) {
      this.onPush(reply);
      return;
    }
    const head = this.pending[0];
    if (!head) return;
    head.replies.push(reply);
    if (head.replies.length === head.count) {
      this.pending.shift();
      head.resolve(head.replies);
    }
  }

  private fail(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    for (const p of this.pending.splice(0)) p.reject(error);
    for (const listener of this.closeListeners) listener(error);
    this.closeListeners.clear();
  }
}
