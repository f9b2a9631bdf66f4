// Slow uploads (issue 19, finding 8): many raw connections from one address that never finish their
// request — half send their headers a line at a time, half send complete headers (with a real key) and
// then a body a byte at a time. Each one the server closes is opened again a second later.
import net from "node:net";
import type { Attacker } from "./visitor";

export interface SlowOptions {
  /** Connections of each kind (slow headers, slow body) held at once. */
  connections: number;
  /** A publish key for the slow bodies (their requests get as far as reading the body). */
  key: string | null;
  /** Time between two trickles (one header line, one body byte). */
  trickleMs: number;
}

type Kind = "headers" | "body";

export interface SlowStats {
  held: number;
  /** How long each connection the server closed had stayed open. */
  lifetimesMs: number[];
}

export class SlowUploads {
  readonly stats: SlowStats = { held: 0, lifetimesMs: [] };
  private readonly live = new Map<net.Socket, Kind>();
  private trickle: NodeJS.Timeout | null = null;
  private serial = 0;

  constructor(
    private readonly a: Attacker,
    private readonly options: SlowOptions,
  ) {}

  async start(): Promise<void> {
    this.trickle = setInterval(() => this.trickleAll(), this.options.trickleMs);
    const kinds: Kind[] = this.options.key ? ["headers", "body"] : ["headers"];
    // Opened in steps, as a script would: 50 every 100 ms.
    for (let i = 0; i < this.options.connections && !this.a.signal.aborted; i++) {
      for (const kind of kinds) this.open(kind);
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise<void>((resolve) => this.a.signal.addEventListener("abort", () => resolve(), { once: true }));
    this.stop();
  }

  private stop(): void {
    if (this.trickle) clearInterval(this.trickle);
    for (const socket of this.live.keys()) socket.destroy();
    this.live.clear();
  }

  private open(kind: Kind): void {
    if (this.a.signal.aborted) return;
    const origin = this.a.client.origin;
    const socket = net.connect({ host: origin.hostname, port: Number(origin.port), localAddress: this.a.client.localAddress });
    let connectedAt = 0;
    let status: string | null = null;
    socket.setNoDelay(true);
    socket.on("connect", () => {
      connectedAt = Date.now();
      this.live.set(socket, kind);
      this.stats.held++;
      this.a.tally.accepted("slow");
      socket.write(this.head(kind));
    });
    socket.on("data", (chunk: Buffer) => {
      status ??= /^HTTP\/1\.[01] (\d{3})/.exec(chunk.toString("latin1"))?.[1] ?? "data";
    });
    socket.on("error", (error) => {
      if (!connectedAt) this.a.tally.failed("slow", error);
    });
    socket.on("close", () => {
      if (!this.live.delete(socket)) return;
      this.stats.held--;
      if (this.a.signal.aborted) return;
      // The server ended it: by answering (408, 400…) or by closing without a word.
      this.stats.lifetimesMs.push(Date.now() - connectedAt);
      this.a.tally.refusedAs("slow", status && status !== "data" ? status : "closed");
      setTimeout(() => this.open(kind), 1000);
    });
  }

  private head(kind: Kind): string {
    const { host } = this.a.client.origin;
    const path = `/api/v1/channels/${this.a.tag}-slow/events`;
    if (kind === "headers") return `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n`;
    return (
      `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Authorization: Bearer ${this.options.key}\r\nContent-Length: 1048576\r\n\r\n{"type":"soak.slow","data":"`
    );
  }

  private trickleAll(): void {
    for (const [socket, kind] of this.live) {
      if (socket.writable) socket.write(kind === "headers" ? `X-Soak-${this.serial++ % 1000}: 1\r\n` : "x");
    }
  }
}
