// `npm run bench -- --instances 2`: subscribers on instance B, events published on instance A, each
// instance with its own REST bridge in front of one Redis, so each bridge's counters are that instance's
// Redis traffic. Run with a small and a large subscriber count: Redis requests must not grow with readers.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { redisUnavailable } from "../../tests/support/redis";
import { freePort, startServer, type TestServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { type LoadOptions, type LoadResult, runLoad, type Target, UNCAPPED_STREAMS } from "./load";

export interface BridgeProcess {
  url: string;
  token: string;
  child: ChildProcess;
  stats(): Promise<BridgeCounters>;
}

export interface BridgeCounters {
  requests: { command: number; pipeline: number; multi_exec: number; subscribe: number };
  commands: number;
}

export interface InstancesResult extends LoadResult {
  /** Redis REST requests per second during the publishing phase, by instance. */
  redis_requests_per_s_a: number;
  redis_requests_per_s_b: number;
  /** Redis commands per second (a pipeline of n counts n), by instance. */
  redis_commands_per_s_a: number;
  redis_commands_per_s_b: number;
  /** Requests B made while its subscribers connected. */
  redis_requests_b_connecting: number;
}

export const requestsOf = (s: BridgeCounters) =>
  s.requests.command + s.requests.pipeline + s.requests.multi_exec + s.requests.subscribe;

/** A REST bridge of its own (in front of `redisUrl`, the machine's Redis by default), so its counters are one instance's. */
export async function startBridgeProcess(redisUrl?: string): Promise<BridgeProcess> {
  const port = await freePort();
  const token = randomBytes(24).toString("base64url");
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/redis-bridge.ts"], {
    env: {
      ...process.env,
      REDIS_BRIDGE_PORT: String(port),
      REDIS_BRIDGE_TOKEN: token,
      REDIS_BRIDGE_HOST: "127.0.0.1",
      ...(redisUrl && { REDIS_URL: redisUrl }),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const stats = async () =>
    (await (await fetch(`${url}/stats`, { headers: { Authorization: `Bearer ${token}` } })).json()) as BridgeCounters;
  for (let i = 0; ; i++) {
    if (
      await stats().then(
        () => true,
        () => false,
      )
    )
      break;
    if (i > 100 || child.exitCode !== null) throw new Error("the Redis bridge did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, token, child, stats };
}

const post = (server: TestServer, path: string, body: unknown, key: string) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  }).then((r) => {
    if (!r.ok) throw new Error(`publish ${r.status}`);
  });

async function loadAcross(
  a: TestServer,
  b: TestServer,
  bridges: BridgeProcess[],
  options: LoadOptions,
): Promise<InstancesResult> {
  const [bridgeA, bridgeB] = bridges as [BridgeProcess, BridgeProcess];
  const [keyA, keyB] = await Promise.all([a.apiKey(), b.apiKey()]);
  const channel = `bench-${options.subscribers}-${Date.now()}`;
  let atStart: [BridgeCounters, BridgeCounters] | null = null;
  let atEnd: [BridgeCounters, BridgeCounters] | null = null;
  let publishStartedAt = 0;
  let publishEndedAt = 0;
  const beforeConnect = await bridgeB.stats();
  const target: Target = {
    name: `2 instances, ${options.subscribers} subscribers`,
    port: b.port,
    streamPath: `/api/v1/channels/${channel}/stream`,
    headers: { Authorization: `Bearer ${keyB}` },
    publish: (seq, sentAt) =>
      post(a, `/api/v1/channels/${channel}/events`, { type: "bench.tick", data: { seq, sent_at: sentAt } }, keyA),
    rss: async () => (await b.health()).memory.rss_bytes,
    async beforePublish() {
      atStart = [await bridgeA.stats(), await bridgeB.stats()];
      publishStartedAt = Date.now();
    },
    async afterPublish() {
      publishEndedAt = Date.now();
      atEnd = [await bridgeA.stats(), await bridgeB.stats()];
    },
  };
  const result = await runLoad(target, options);
  if (!atStart || !atEnd) throw new Error("the load did not publish");
  const [startA, startB] = atStart as [BridgeCounters, BridgeCounters];
  const [endA, endB] = atEnd as [BridgeCounters, BridgeCounters];
  const seconds = (publishEndedAt - publishStartedAt) / 1000;
  const rate = (n: number) => Math.round((n / seconds) * 10) / 10;
  return {
    ...result,
    redis_requests_per_s_a: rate(requestsOf(endA) - requestsOf(startA)),
    redis_requests_per_s_b: rate(requestsOf(endB) - requestsOf(startB)),
    redis_commands_per_s_a: rate(endA.commands - startA.commands),
    redis_commands_per_s_b: rate(endB.commands - startB.commands),
    redis_requests_b_connecting: requestsOf(startB) - requestsOf(beforeConnect),
  };
}

/** Runs the cross-instance load once per subscriber count, on the same two instances. */
export async function benchInstances(counts: number[], options: Omit<LoadOptions, "subscribers">): Promise<InstancesResult[]> {
  const unavailable = await redisUnavailable();
  if (unavailable) throw new Error(`--instances 2 needs Redis: ${unavailable}`);
  buildIfStale();
  const bridges = [await startBridgeProcess(), await startBridgeProcess()];
  const servers: TestServer[] = [];
  try {
    // Hub channels need no shared database: each instance keeps its own embedded one (and its own API key).
    for (const [i, bridge] of bridges.entries()) {
      servers.push(
        await startServer({
          env: {
            DATABASE_URL: "",
            PARLEY_DATA_DIR: `memory://bench-${i}`,
            // Every bench stream comes from one address with one key.
            ...UNCAPPED_STREAMS,
            UPSTASH_REDIS_REST_URL: bridge.url,
            UPSTASH_REDIS_REST_TOKEN: bridge.token,
          },
        }),
      );
    }
    const results: InstancesResult[] = [];
    for (const subscribers of counts) {
      console.log(`▸ ${subscribers} subscribers on B, publishing on A…`);
      results.push(await loadAcross(servers[0]!, servers[1]!, bridges, { ...options, subscribers }));
    }
    return results;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const bridge of bridges) bridge.child.kill("SIGTERM");
  }
}
