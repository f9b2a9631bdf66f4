// The servers `npm run bench` compares, each started once and loaded again and again: Parley, the minimal
// route handler of the same build (the floor), and bare node:http.
import { type ChildProcess, spawn } from "node:child_process";
import { mintAdminToken } from "../../lib/auth/tokens";
import { freePort, startServer, TEST_SECRET } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { type Target, UNCAPPED_STREAMS } from "./load";

/** A server under test: what a load needs of it, and how to stop it. */
export interface Contender extends Omit<Target, "name"> {
  stop(): Promise<void>;
}

export interface ContenderSpec {
  /** The column's name. */
  name: string;
  /** What the column is, one line. */
  about: string;
  start(): Promise<Contender>;
}

export const post = (port: number, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  }).then(async (r) => {
    if (!r.ok) throw new Error(`publish ${r.status}`);
    await r.arrayBuffer();
  });
const readRss = async (port: number, path: string, headers: Record<string, string>) =>
  ((await (await fetch(`http://127.0.0.1:${port}${path}`, { headers })).json()) as { memory: { rss_bytes: number } }).memory
    .rss_bytes;
// Once more on a failure: a pooled keep-alive connection the server closed while it was busy resets.
export const rssOf = (port: number, path: string, headers: Record<string, string> = {}) =>
  readRss(port, path, headers).catch(() => readRss(port, path, headers));
/** Parley's /api/health shows memory only to a metrics reader: the test server's admin token. */
export const adminHeaders = () => ({ Authorization: `Bearer ${mintAdminToken(TEST_SECRET).token}` });
export const tick = (seq: number, sentAt: number) => ({ type: "bench.tick", data: { seq, sent_at: sentAt } });

/** Parley's channel stream on a production server started with `env` (its hub is memory unless `env` says Upstash). */
export async function startParley(env: Record<string, string> = {}, channel = "bench"): Promise<Contender> {
  buildIfStale();
  const server = await startServer({ env: { ...UNCAPPED_STREAMS, PARLEY_DATA_DIR: "memory://bench", ...env } });
  const key = await server.apiKey();
  const auth = { Authorization: `Bearer ${key}` };
  return {
    port: server.port,
    streamPath: `/api/v1/channels/${channel}/stream`,
    headers: auth,
    publish: (seq, sentAt) => post(server.port, `/api/v1/channels/${channel}/events`, tick(seq, sentAt), auth),
    rss: () => rssOf(server.port, "/api/health", adminHeaders()),
    stop: () => server.stop(),
  };
}

export const parley: ContenderSpec = {
  name: "parley",
  about: "Parley (next start), a hub channel stream with an API key, memory hub, embedded database",
  start: () => startParley(),
};

/** The same build, the fixture route enabled, nothing of Parley touched (not even /api/health). */
export const minimal: ContenderSpec = {
  name: "minimal",
  about: "the same build's minimal route handler (app/api/bench-floor): the floor",
  async start() {
    const server = await startServer({
      // The same guard on unfinished requests as Parley's (the same build): lifted the same way.
      env: { PARLEY_DATA_DIR: "memory://bench-floor", PARLEY_BENCH_FLOOR: "1", PARLEY_UPLOADS_PER_ADDRESS: "100000" },
      healthPath: "/api/bench-floor/health",
    });
    return {
      port: server.port,
      streamPath: "/api/bench-floor/stream",
      headers: {},
      publish: (seq, sentAt) => post(server.port, "/api/bench-floor/publish", tick(seq, sentAt)),
      rss: () => rssOf(server.port, "/api/bench-floor/health"),
      stop: () => server.stop(),
    };
  },
};

export const bare: ContenderSpec = {
  name: "bare",
  about: "a bare node:http SSE server (scripts/bench/bare-server.mjs)",
  async start() {
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, ["scripts/bench/bare-server.mjs", String(port)], { stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      if (
        await rssOf(port, "/health").then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      port,
      streamPath: "/stream",
      headers: {},
      publish: (seq, sentAt) => post(port, "/publish", tick(seq, sentAt)),
      rss: () => rssOf(port, "/health"),
      async stop() {
        child.kill("SIGKILL");
      },
    };
  },
};
