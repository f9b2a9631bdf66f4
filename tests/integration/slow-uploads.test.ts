// Slow uploads on a real `next start`, with raw sockets: connections that send their headers or bodies a
// byte at a time (or not at all) are closed with 408 within the documented bound; beyond the cap on
// unfinished requests per address a new one is answered 429 at once; a producer's AG-UI stream piped as a
// body keeps going for as long as it sends; and everyone else is served throughout. This is also what
// catches a Next upgrade that stops emitting through Node's http.Server (lib/http/server/node-server.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptedRun, sseBody } from "@/tests/support/ag-ui-agent";
import { producer, runIdOf } from "@/tests/support/producer";
import { type RawClient, rawClient, rawJsonBody } from "@/tests/support/raw-http";
import { startServer, type TestServer } from "@/tests/support/server";

const HEADERS_TIMEOUT_MS = 1500;
const BODY_IDLE_MS = 1500;
const CAP = 20;
const SWEEP_MS = 375; // a quarter of the shortest bound
// Timers on a loaded two-core CI machine fire late: a generous margin above the bound, none below it.
const SLACK_MS = 3000;
/** The attacker's address; everyone else connects from 127.0.0.1. */
const ATTACKER = "127.0.0.3";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    env: {
      PARLEY_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      PARLEY_BODY_IDLE_MS: String(BODY_IDLE_MS),
      PARLEY_UPLOADS_PER_ADDRESS: String(CAP),
      PARLEY_RATE_LIMIT_SCALE: "100",
    },
  });
});
afterAll(() => server?.stop());

const connectMany = (n: number) =>
  Promise.all(Array.from({ length: n }, () => rawClient(server.port, { localAddress: ATTACKER })));

/** A normal visitor's request, from another address, answered quickly. */
async function servedNormally() {
  const started = Date.now();
  const res = await fetch(`${server.url}/api/health`);
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(2000);
}

function expectClosedWithin(clients: RawClient[], closedMs: number[], boundMs: number, status: number) {
  for (const [i, ms] of closedMs.entries()) {
    expect(ms, `connection ${i} closed after ${ms} ms`).toBeGreaterThanOrEqual(boundMs);
    expect(ms, `connection ${i} closed after ${ms} ms`).toBeLessThan(boundMs + SWEEP_MS + SLACK_MS);
    expect(clients[i]?.status()).toBe(status);
  }
}

describe("slow headers", () => {
  it("are closed with 408 within the headers timeout; beyond the cap a connection gets 429 at once; others are served", async () => {
    const clients = await connectMany(CAP);
    for (const c of clients) {
      c.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      c.drip("X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n", 200);
    }
    await new Promise((r) => setTimeout(r, 100)); // all CAP accepted before the next one arrives
    const extra = await rawClient(server.port, { localAddress: ATTACKER });
    extra.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(await extra.closed).toBeLessThan(HEADERS_TIMEOUT_MS);
    expect(extra.status()).toBe(429);
    expect(rawJsonBody(extra.received())).toMatchObject({
      error: { code: "rate_limited", message: expect.stringContaining(`${CAP}`) },
    });

    await servedNormally();
    const closed = await Promise.all(clients.map((c) => c.closed));
    expectClosedWithin(clients, closed, HEADERS_TIMEOUT_MS, 408);
    expect(rawJsonBody(clients[0]?.received() ?? "")).toMatchObject({ error: { code: "request_timeout" } });

    // The address is served again once its unfinished requests are gone.
    const after = await rawClient(server.port, { localAddress: ATTACKER });
    after.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    await after.closed;
    expect(after.status()).toBe(200);
  });

  it("a connection that never sends anything is closed with 408 too", async () => {
    const [silent] = await connectMany(1);
    if (!silent) throw new Error("no connection");
    expectClosedWithin([silent], [await silent.closed], HEADERS_TIMEOUT_MS, 408);
  });
});

describe("slow bodies", () => {
  it("that stop are closed with 408 after the idle bound; beyond the cap a body gets 429; others are served", async () => {
    const clients = await connectMany(CAP);
    for (const c of clients) {
      c.write(
        'POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"task":',
      );
    }
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 100));
    const extra = await rawClient(server.port, { localAddress: ATTACKER });
    extra.write("POST /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    await extra.closed;
    expect(extra.status()).toBe(429);

    await servedNormally();
    await Promise.all(clients.map((c) => c.closed));
    const idleFor = Date.now() - started;
    expect(idleFor).toBeGreaterThanOrEqual(BODY_IDLE_MS);
    expect(idleFor).toBeLessThan(BODY_IDLE_MS + SWEEP_MS + SLACK_MS);
    for (const c of clients) expect(c.status()).toBe(408);
    expect(clients[0]?.received()).toContain("The request's body sent nothing for 1.5 s");
  });

  it("a producer's AG-UI stream piped as one body runs for as long as it sends, well past the idle bound", async () => {
    const p = producer(server, await server.apiKey(["runs"]));
    const runId = runIdOf(await p.start({ task: "A long pipe" }));
    const frames = sseBody(scriptedRun(runId, runId));
    const client = await rawClient(server.port);
    client.write(
      `POST /api/v1/runs/${runId}/ag-ui HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${p.key}\r\n` +
        "Content-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    );
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    // Spread over three idle bounds: a total-time limit would cut it, a pause between frames does not.
    const gapMs = Math.ceil((3 * BODY_IDLE_MS) / frames.length);
    for (const frame of frames) {
      client.write(chunk(frame));
      await new Promise((r) => setTimeout(r, gapMs));
    }
    client.write("0\r\n\r\n");
    await client.closed;
    expect(client.status()).toBe(200);
    expect(rawJsonBody(client.received())).toMatchObject({ status: "completed", skipped: 0 });
    expect((await p.snapshot(runId)).body.run.status).toBe("completed");
  });
});
