// Raw TCP clients for the slow-upload tests: a connection that sends what it is told, when it is told,
// and records what came back and when it was closed.
import net from "node:net";

export interface RawClient {
  socket: net.Socket;
  /** Everything the server sent. */
  received(): string;
  /** The status line's code, once one arrived. */
  status(): number | null;
  /** Resolves with the milliseconds from connecting to the server closing (or resetting) the connection. */
  closed: Promise<number>;
  isClosed(): boolean;
  write(text: string): void;
  /** Writes `text` one character every `everyMs` until stopped or closed. */
  drip(text: string, everyMs: number): () => void;
  destroy(): void;
}

export function rawClient(port: number, options: { localAddress?: string; host?: string } = {}): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect({ port, host: options.host ?? "127.0.0.1", localAddress: options.localAddress });
    let data = "";
    let closedFlag = false;
    const drips = new Set<ReturnType<typeof setInterval>>();
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      data += d;
    });
    socket.on("error", () => {}); // a reset is a close like any other here
    const closed = new Promise<number>((done) =>
      socket.once("close", () => {
        closedFlag = true;
        for (const d of drips) clearInterval(d);
        done(Date.now() - started);
      }),
    );
    let connected = false;
    socket.once("connect", () => {
      connected = true;
      resolve({
        socket,
        received: () => data,
        status: () => {
          const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
          return m ? Number(m[1]) : null;
        },
        closed,
        isClosed: () => closedFlag,
        write: (text) => {
          if (!socket.destroyed) socket.write(text);
        },
        drip(text, everyMs) {
          let i = 0;
          const timer = setInterval(() => {
            if (socket.destroyed || i >= text.length) return clearInterval(timer);
            socket.write(text[i++] ?? "");
          }, everyMs);
          drips.add(timer);
          return () => clearInterval(timer);
        },
        destroy: () => socket.destroy(),
      });
    });
    socket.once("error", (error) => {
      if (!connected) reject(error);
    });
  });
}

/** The JSON body of a raw HTTP response: after the blank line, de-chunked when it was sent in chunks. */
export function rawJsonBody(response: string): unknown {
  const at = response.indexOf("\r\n\r\n");
  if (at < 0) return null;
  const head = response.slice(0, at).toLowerCase();
  let body = response.slice(at + 4);
  if (/\r\ntransfer-encoding: chunked/.test(head)) {
    let out = "";
    for (let i = 0; ; ) {
      const eol = body.indexOf("\r\n", i);
      const size = Number.parseInt(body.slice(i, eol), 16);
      if (!size) break;
      out += body.slice(eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    body = out;
  }
  return JSON.parse(body);
}
