// The server hooks on a plain Node http.Server (the same prototype `next start` uses): the stamps, and the
// slow-upload bounds measured with raw sockets. tests/integration/slow-uploads.test.ts does it on Next.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawClient, rawJsonBody } from "@/tests/support/raw-http";
import { LOCAL_ADDRESS_HEADER, PEER_ADDRESS_HEADER } from "../identity/client-address";
import { serverHooksInstalled } from "./hooks-state";
import { installServerHooks } from "./node-server";

const LIMITS = { headersTimeoutMs: 500, bodyIdleMs: 500, perAddress: 3 };
const SWEEP_MS = 125; // a quarter of the shortest bound
// Generous: timers on a loaded two-core machine fire late; the bounds are what must never be undercut.
const SLACK_MS = 1500;

let server: http.Server;
let port: number;

beforeAll(async () => {
  installServerHooks(LIMITS);
  server = http.createServer((req, res) => {
    const started = Date.now();
    // /slow-reader: the server takes its time before reading the body (the client is not the slow one).
    const delay = req.url === "/slow-reader" ? 1500 : 0;
    setTimeout(() => {
      let length = 0;
      req.on("data", (chunk: Buffer) => {
        length += chunk.length;
      });
      req.on("end", () => {
        if (req.url === "/stream") {
          res.writeHead(200, { "Content-Type": "text/event-stream" });
          res.write(": open\n\n");
          return; // held open, like an SSE stream
        }
        res.setHeader("Content-Type", "application/json");
        res.end(
          JSON.stringify({
            length,
            peer: req.headers[PEER_ADDRESS_HEADER],
            local: req.headers[LOCAL_ADDRESS_HEADER],
            ms: Date.now() - started,
          }),
        );
      });
    }, delay);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** One whole request over a fresh connection from `localAddress`; resolves with the response text. */
async function request(raw: string, localAddress = "127.0.0.1") {
  const client = await rawClient(port, { localAddress });
  client.write(raw);
  await client.closed;
  return client;
}

const get = (path: string, headers = "") => `GET ${path} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`;

describe("the stamps", () => {
  it("carry the connection's two ends, whatever a client sent under those names", async () => {
    expect(serverHooksInstalled()).toBe(true);
    const client = await request(
      get("/", `${PEER_ADDRESS_HEADER}: 6.6.6.6\r\n${LOCAL_ADDRESS_HEADER}: evil.example 443\r\n`),
      "127.0.0.2",
    );
    expect(client.status()).toBe(200);
    expect(rawJsonBody(client.received())).toMatchObject({ peer: "127.0.0.2", local: `127.0.0.1 ${port}` });
  });
});

describe("slow uploads", () => {
  it("closes a connection whose headers do not arrive in time, sent slowly or not at all, with 408", async () => {
    const silent = await rawClient(port, { localAddress: "127.0.0.10" });
    const drip = await rawClient(port, { localAddress: "127.0.0.11" });
    drip.write("GET / HTTP/1.1\r\nHost: x\r\n");
    drip.drip("X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n", 50);
    for (const client of [silent, drip]) {
      const ms = await client.closed;
      expect(ms).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs);
      expect(ms).toBeLessThan(LIMITS.headersTimeoutMs + SWEEP_MS + SLACK_MS);
      expect(client.status()).toBe(408);
      expect(rawJsonBody(client.received())).toEqual({
        error: { code: "request_timeout", message: "The request's headers did not arrive within 0.5 s" },
      });
    }
  });

  it("lets a body run as long as bytes keep coming, and closes one that stops with 408", async () => {
    const steady = await rawClient(port, { localAddress: "127.0.0.12" });
    const total = 40; // one byte every 50 ms: 2 s, four times the idle bound
    steady.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`);
    steady.drip("b".repeat(total), 50);
    const stalled = await rawClient(port, { localAddress: "127.0.0.13" });
    stalled.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf");
    const stalledAt = Date.now();

    await stalled.closed;
    const ms = Date.now() - stalledAt;
    expect(ms).toBeGreaterThanOrEqual(LIMITS.bodyIdleMs);
    expect(ms).toBeLessThan(LIMITS.bodyIdleMs + SWEEP_MS + SLACK_MS);
    expect(stalled.status()).toBe(408);
    expect(stalled.received()).toContain("The request's body sent nothing for 0.5 s");

    await steady.closed;
    expect(steady.status()).toBe(200);
    expect(rawJsonBody(steady.received())).toMatchObject({ length: total });
  });

  it("does not blame the client while the server is the one not reading", async () => {
    const body = "x".repeat(4 * 1024 * 1024); // more than the socket and request buffers hold
    const client = await request(
      `POST /slow-reader HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      "127.0.0.14",
    );
    expect(client.status()).toBe(200);
    expect(rawJsonBody(client.received())).toMatchObject({ length: body.length });
  });

  it("caps unfinished requests per address: the next connection gets 429 at once, other addresses and streams are served", async () => {
    const address = "127.0.0.20";
    const slow = await Promise.all([1, 2, 3].map(() => rawClient(port, { localAddress: address })));
    for (const client of slow) client.write("GET / HTTP/1.1\r\nHost: x\r\n"); // headers never finished
    await new Promise((r) => setTimeout(r, 50)); // the three connections are accepted, in order, first

    const refused = await rawClient(port, { localAddress: address });
    refused.write(get("/"));
    expect(await refused.closed).toBeLessThan(LIMITS.headersTimeoutMs);
    expect(refused.status()).toBe(429);
    expect(refused.received()).toContain("Retry-After: 1");
    expect(rawJsonBody(refused.received())).toMatchObject({ error: { code: "rate_limited" } });

    expect((await request(get("/"), "127.0.0.21")).status()).toBe(200);

    await Promise.all(slow.map((c) => c.closed));
    expect((await request(get("/"), address)).status()).toBe(200);

    // Streams being served are finished requests: five at once from one address are fine.
    const streams = await Promise.all([1, 2, 3, 4, 5].map(() => rawClient(port, { localAddress: "127.0.0.22" })));
    for (const s of streams) s.write("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((r) => setTimeout(r, LIMITS.headersTimeoutMs + SWEEP_MS * 4));
    for (const s of streams) {
      expect(s.isClosed()).toBe(false);
      expect(s.status()).toBe(200);
      s.destroy();
    }
  });

  it("answers a body over the cap on a kept-alive connection with 429, and serves the address again when it is under", async () => {
    const address = "127.0.0.30";
    const kept = await rawClient(port, { localAddress: address });
    kept.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((r) => setTimeout(r, 100));
    expect(kept.status()).toBe(200);
    const slow = await Promise.all([1, 2, 3].map(() => rawClient(port, { localAddress: address })));
    for (const client of slow) client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
    await new Promise((r) => setTimeout(r, 50));
    kept.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
    await kept.closed;
    expect(kept.received()).toContain("HTTP/1.1 429");
    expect(kept.received()).toContain('"code":"rate_limited"');
    await Promise.all(slow.map((c) => c.closed));
    expect(slow.map((c) => c.status())).toEqual([408, 408, 408]);
  });

  it("leaves a kept-alive connection alone between quick requests, and times out one that then sends headers slowly", async () => {
    const client = await rawClient(port, { localAddress: "127.0.0.40" });
    for (let i = 0; i < 3; i++) {
      client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(client.received().match(/HTTP\/1\.1 200/g)).toHaveLength(3);
    expect(client.isClosed()).toBe(false);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n");
    client.drip("X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n", 50);
    await client.closed;
    expect(client.received()).toContain("HTTP/1.1 408");
  });
});
