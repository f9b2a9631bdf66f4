// The peer columns of `npm run bench`: route handlers built the way each peer's documentation shows
// (app/api/bench-peer, served by the same build under PARLEY_BENCH_FLOOR=1, as the floor is), and Parley on
// its Upstash hub, all on one Redis of the bench's own (viewer-cost.ts `startRedis`) — the Upstash-speaking
// ones each through a REST bridge of its own (instances.ts), so the Redis-backed columns compare like with like.
import { startServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { type Contender, type ContenderSpec, post, rssOf, startParley, tick } from "./contenders";
import { type BridgeProcess, startBridgeProcess } from "./instances";
import { type PrivateRedis, startRedis } from "./viewer-cost";

/** How a reader of a column resumes: its cursor, and how it hands it back (what `resume.ts` needs). */
export type ResumeCursor =
  | { kind: "last-event-id" }
  /** The last event's id, from its JSON `"id"`, as `?<name>=`. */
  | { kind: "json-id-query"; name: string }
  /** The characters of the stream received so far, as `?<name>=`. */
  | { kind: "chars-query"; name: string };

export interface PeerSpec extends ContenderSpec {
  /** How its readers resume; null when it cannot. */
  resume: ResumeCursor | null;
}

/** One Redis for every Redis-backed column of a run, started on first use. */
export class BenchRedis {
  private redis: Promise<PrivateRedis> | null = null;
  async url() {
    this.redis ??= startRedis();
    return (await this.redis).url;
  }
  async stop() {
    if (this.redis) (await this.redis).child.kill("SIGTERM");
    this.redis = null;
  }
}

/** A server of the same build serving a peer fixture, `env` its settings. */
async function startPeerServer(peer: string, env: Record<string, string>) {
  buildIfStale();
  return startServer({
    env: {
      PARLEY_DATA_DIR: `memory://bench-${peer}`,
      PARLEY_BENCH_FLOOR: "1",
      // The same guard on unfinished requests as Parley's (the same build): lifted the same way.
      PARLEY_UPLOADS_PER_ADDRESS: "100000",
      ...env,
    },
    healthPath: `/api/bench-peer/${peer}/health`,
  });
}

async function withBridge(redis: BenchRedis, start: (bridge: BridgeProcess) => Promise<Contender>): Promise<Contender> {
  const bridge = await startBridgeProcess(await redis.url());
  try {
    const contender = await start(bridge);
    return {
      ...contender,
      async stop() {
        await contender.stop();
        bridge.child.kill("SIGTERM");
      },
    };
  } catch (error) {
    bridge.child.kill("SIGTERM");
    throw error;
  }
}

/** The Redis-backed columns, on `redis`, every server started with `env` besides its own settings. */
export function redisColumns(redis: BenchRedis, env: Record<string, string> = {}): PeerSpec[] {
  const parleyUpstash: PeerSpec = {
    name: "parley-up",
    about: "Parley on its Upstash hub, through a REST bridge of its own to the bench's Redis",
    resume: { kind: "last-event-id" },
    start: () =>
      withBridge(redis, (bridge) =>
        startParley({
          DATABASE_URL: "",
          PARLEY_DATA_DIR: "memory://bench-upstash",
          UPSTASH_REDIS_REST_URL: bridge.url,
          UPSTASH_REDIS_REST_TOKEN: bridge.token,
          ...env,
        }),
      ),
  };
  const resumable: PeerSpec = {
    name: "resumable",
    about: "vercel/resumable-stream 2.2.13 (node-redis): one stream made by a POST, every reader resuming it",
    resume: { kind: "chars-query", name: "resumeAt" },
    async start() {
      const server = await startPeerServer("resumable-stream", { PARLEY_BENCH_REDIS_URL: await redis.url(), ...env });
      const base = "/api/bench-peer/resumable-stream";
      let original: ReadableStream<Uint8Array> | null = null;
      return {
        port: server.port,
        streamPath: `${base}/stream`,
        headers: {},
        // A stream per load, made by its original reader (the chat POST's caller), which reads it to the end.
        async beforeConnect() {
          await original?.cancel().catch(() => {});
          const res = await fetch(`${server.url}${base}/start`, { method: "POST" });
          if (!res.ok || !res.body) throw new Error(`start ${res.status}`);
          original = res.body;
          void res.body.pipeTo(new WritableStream()).catch(() => {});
        },
        publish: (seq, sentAt) => post(server.port, `${base}/publish`, tick(seq, sentAt)),
        rss: () => rssOf(server.port, `${base}/health`),
        async stop() {
          await original?.cancel().catch(() => {});
          await server.stop();
        },
      };
    },
  };
  const realtime: PeerSpec = {
    name: "realtime",
    about: "@upstash/realtime 1.1.0 (handle + emit), through a REST bridge of its own to the bench's Redis",
    resume: { kind: "json-id-query", name: "last_ack_bench" },
    start: () =>
      withBridge(redis, async (bridge) => {
        const server = await startPeerServer("upstash-realtime", {
          PARLEY_BENCH_REST_URL: bridge.url,
          PARLEY_BENCH_REST_TOKEN: bridge.token,
          ...env,
        });
        const base = "/api/bench-peer/upstash-realtime";
        return {
          port: server.port,
          streamPath: `${base}/stream?channel=bench`,
          headers: {},
          publish: (seq, sentAt) => post(server.port, `${base}/publish?channel=bench`, tick(seq, sentAt)),
          rss: () => rssOf(server.port, `${base}/health`),
          stop: () => server.stop(),
        };
      }),
  };
  return [parleyUpstash, resumable, realtime];
}

/** The peer table: the Redis-backed columns, Parley-on-Upstash's ratio to each peer, and each one's to the floor. */
export const PEER_TABLE = {
  names: ["parley-up", "resumable", "realtime"],
  ratios: [
    ["parley-up", "resumable"],
    ["parley-up", "realtime"],
    ["parley-up", "minimal"],
    ["resumable", "minimal"],
    ["realtime", "minimal"],
  ] as [string, string][],
};
