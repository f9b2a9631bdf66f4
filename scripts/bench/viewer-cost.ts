// What a viewer costs, in the units the platforms bill by: CPU milliseconds of the instance (Vercel's active
// CPU) and Redis commands (Upstash), per idle viewer-hour and per published event — on the memory hub and
// on the Upstash hub through the REST bridge, in front of a Redis of its own (so INFO commandstats counts
// this bench's commands only, whatever else uses the machine's Redis).
//
// An hour is not waited for. Instance A runs with the real settings (keepalive, rotation every
// PARLEY_STREAM_MAX_MS, presence renewals): N idle viewers of a paused run for a window, minus the same
// instance with no viewer for as long, extrapolated to the hour. Instance B ends every stream after
// ROTATE_MS, so its viewers reconnect (with Last-Event-ID, all at once: the herd the real rotation makes
// every 280 s) many times in its window: that gives the cost of one rotation, and the time and bytes of a
// resume. Per viewer-hour = A's idle cost + rotations per hour (3,600 s ÷ PARLEY_STREAM_MAX_MS) × one rotation.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { connectRedis, sendCommands } from "../../bridge/redis";
import { freePort, startServer, type TestServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { post, tick } from "./contenders";
import { type BridgeCounters, type BridgeProcess, requestsOf, startBridgeProcess } from "./instances";
import { percentile, UNCAPPED_STREAMS } from "./load";

const ROTATE_MS = 10_000;
const REAL_ROTATION_MS = 280_000;
const TICK_MS = 10; // /proc's clock ticks (USER_HZ 100)
/** PARLEY_PRESENCE_GRACE_MS's default: a watcher counts as gone this long after their stream closed. */
const PRESENCE_GRACE_MS = 5000;

export interface ViewerCost {
  hub: "memory" | "upstash";
  viewers: number;
  window_s: number;
  /** The instance alone, no viewer: what it costs whatever its viewers. */
  instance_cpu_ms_per_hour: number;
  instance_redis_commands_per_hour: number;
  /** Holding an idle stream for an hour: keepalives, presence renewals, timers (A, rotation excluded). */
  idle_cpu_ms_per_viewer_hour: number;
  idle_redis_commands_per_viewer_hour: number;
  /** One rotation: the stream ended, the viewer reconnecting with its cursor (B). */
  cpu_ms_per_rotation: number;
  redis_commands_per_rotation: number;
  rotations_per_hour: number;
  cpu_ms_per_viewer_hour: number;
  redis_commands_per_viewer_hour: number;
  /** A published event with 100 readers on the instance: requests (what Upstash bills) and Redis's own count. */
  redis_requests_per_event: number;
  redis_commands_per_event: number;
  redis_internal_commands_per_event: number;
  /** The herd: every viewer's stream ending at once, each reconnecting with its cursor. */
  resume_herd: number;
  resume_p50_ms: number;
  resume_p99_ms: number;
  resume_bytes_in: number;
  resume_bytes_out: number;
  resume_failures: number;
}

/** CPU time (ms) of `pid` and every process under it. */
function cpuMs(pid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // Gone meanwhile.
    }
  }
  const under = (p: number): boolean => p === pid || (p > 1 && stats.has(p) && under(stats.get(p)!.ppid));
  let ticks = 0;
  for (const [p, s] of stats) if (under(p)) ticks += s.ticks;
  return ticks * TICK_MS;
}

export interface PrivateRedis {
  url: string;
  child: ChildProcess;
  /** Calls of every command so far, as INFO commandstats counts them (commands run by scripts included). */
  calls(): Promise<number>;
}

/** A redis-server of the bench's own on a free port, so its counts are the bench's alone. */
export async function startRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const url = `redis://127.0.0.1:${port}`;
  const calls = async () => {
    const connection = await connectRedis(url, { timeoutMs: 1000 });
    try {
      const [info] = await sendCommands(connection, [["INFO", "commandstats"]]);
      let n = 0;
      for (const m of String(info).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (m[1] !== "info") n += Number(m[2]);
      return n;
    } finally {
      connection.destroy();
    }
  };
  for (let i = 0; ; i++) {
    if (
      await calls().then(
        () => true,
        () => false,
      )
    )
      break;
    if (i > 50) throw new Error("redis-server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, calls };
}

type Message = { type: string; connectAll?: number; message?: string; reconnects?: number[] } & Record<string, unknown>;
const next = (worker: Worker) => new Promise<Message>((resolve) => worker.once("message", resolve));

async function openViewers(port: number, path: string, viewers: number, headers: Record<string, string> = {}) {
  const worker = new Worker(new URL("./viewers-worker.mjs", import.meta.url), { workerData: { port, path, viewers, headers } });
  const connected = await next(worker);
  if (connected.type !== "connected") throw new Error(`viewers: ${connected.message}`);
  return {
    async report() {
      const reply = next(worker);
      worker.postMessage({ type: "report" });
      return (await reply) as unknown as {
        reconnects: number[];
        reconnectBytesIn: number;
        reconnectBytesOut: number;
        failures: number;
      };
    },
    async stop() {
      const reply = next(worker);
      worker.postMessage({ type: "stop" });
      await reply;
      await worker.terminate();
    },
  };
}

/** A demo run held paused: its viewers sit idle on its stream. */
async function pausedRun(server: TestServer): Promise<string> {
  const created = (await (
    await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      body: JSON.stringify({ task: "Build a REST API with JWT auth", strategy: "pipeline", seed: 1 }),
    })
  ).json()) as { run_id: string; control_token: string };
  await fetch(`${server.url}/api/v1/runs/${created.run_id}/pause`, {
    method: "POST",
    headers: { "X-Parley-Control-Token": created.control_token },
  });
  for (;;) {
    const snap = (await (await fetch(`${server.url}/api/v1/runs/${created.run_id}`)).json()) as { run: { status: string } };
    if (snap.run.status === "paused") return created.run_id;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Sample {
  cpu: number;
  at: number;
  bridge: BridgeCounters | null;
  calls: number;
}

async function sample(server: TestServer, bridge: BridgeProcess | null, redis: PrivateRedis | null): Promise<Sample> {
  return {
    cpu: cpuMs(server.process.pid!),
    at: Date.now(),
    bridge: bridge ? await bridge.stats() : null,
    calls: redis ? await redis.calls() : 0,
  };
}

/** What happened between two samples: CPU ms, bridge commands (each command of a pipeline counts), Redis's own count. */
function delta(a: Sample, b: Sample) {
  return {
    seconds: (b.at - a.at) / 1000,
    cpu: b.cpu - a.cpu,
    requests: a.bridge && b.bridge ? requestsOf(b.bridge) - requestsOf(a.bridge) : 0,
    commands: a.bridge && b.bridge ? b.bridge.commands - a.bridge.commands : 0,
    calls: b.calls - a.calls,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchViewerCost(
  hub: "memory" | "upstash",
  options: { viewers: number; windowS: number },
): Promise<ViewerCost> {
  buildIfStale();
  const redis = hub === "upstash" ? await startRedis() : null;
  const bridge = redis ? await startBridgeProcess(redis.url) : null;
  const hubEnv: Record<string, string> = bridge
    ? { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token }
    : {};
  // A thousand viewers connect (and reconnect) from one address at once: on a busy machine some wait longer
  // than the default 10 s for their headers to be read (lib/http/server/upload-guard.ts).
  const env = {
    ...UNCAPPED_STREAMS,
    ...hubEnv,
    DATABASE_URL: "",
    PARLEY_RATE_LIMIT_SCALE: "1000",
    PARLEY_HEADERS_TIMEOUT_MS: "60000",
  };
  const windowMs = options.windowS * 1000;
  try {
    // A: the real settings.
    const a = await startServer({ env: { ...env, PARLEY_DATA_DIR: "memory://viewer-cost-a" } });
    let idle: ReturnType<typeof delta>;
    let alone: ReturnType<typeof delta>;
    let perEvent: ReturnType<typeof delta>;
    const events = 200;
    try {
      const runId = await pausedRun(a);
      await sleep(20_000); // past the first sweeps (instrumentation.ts), and settled
      let s0 = await sample(a, bridge, redis);
      await sleep(windowMs);
      alone = delta(s0, await sample(a, bridge, redis));
      const viewers = await openViewers(a.port, `/api/v1/runs/${runId}/events`, options.viewers);
      await sleep(3000);
      s0 = await sample(a, bridge, redis);
      await sleep(windowMs);
      idle = delta(s0, await sample(a, bridge, redis));
      await viewers.stop();
      // The viewers' departures (each announced after the presence grace) are past before publishing is counted.
      await sleep(PRESENCE_GRACE_MS + 5000);
      // Publishing: 100 readers of one channel on the instance, 200 events at 20/s.
      const key = await a.apiKey();
      const auth = { Authorization: `Bearer ${key}` };
      const readers = await openViewers(a.port, "/api/v1/channels/cost/stream", 100, auth);
      await sleep(1000);
      s0 = await sample(a, bridge, redis);
      for (let i = 0; i < events; i++) {
        await post(a.port, "/api/v1/channels/cost/events", tick(i, Date.now()), auth);
        await sleep(50);
      }
      perEvent = delta(s0, await sample(a, bridge, redis));
      await readers.stop();
    } finally {
      await a.stop();
    }

    // B: streams rotate every ROTATE_MS; the viewers reconnect with their cursors, all at once.
    const b = await startServer({
      env: { ...env, PARLEY_DATA_DIR: "memory://viewer-cost-b", PARLEY_STREAM_MAX_MS: String(ROTATE_MS) },
    });
    let rotating: ReturnType<typeof delta>;
    let resumes: Awaited<ReturnType<Awaited<ReturnType<typeof openViewers>>["report"]>>;
    try {
      const runId = await pausedRun(b);
      await sleep(20_000);
      const viewers = await openViewers(b.port, `/api/v1/runs/${runId}/events`, options.viewers);
      await sleep(ROTATE_MS + 2000);
      await viewers.report();
      const s0 = await sample(b, bridge, redis);
      await sleep(Math.max(windowMs, 3 * ROTATE_MS));
      rotating = delta(s0, await sample(b, bridge, redis));
      resumes = await viewers.report();
      await viewers.stop();
    } finally {
      await b.stop();
    }

    const n = options.viewers;
    const perHour = (x: number, seconds: number) => (x / seconds) * 3600;
    const idleCpu = perHour(idle.cpu - (alone.cpu / alone.seconds) * idle.seconds, idle.seconds) / n;
    const idleCmds = perHour(idle.commands - (alone.commands / alone.seconds) * idle.seconds, idle.seconds) / n;
    const rotations = resumes.reconnects.length;
    // B's window, less the instance alone and the viewers' idle holding (A's rate, keepalives included:
    // B's streams are too short for one, so this slightly undercounts a rotation), over its rotations.
    const heldCpu = (alone.cpu / alone.seconds + (idleCpu * n) / 3600) * rotating.seconds;
    const heldCmds = (alone.commands / alone.seconds + (idleCmds * n) / 3600) * rotating.seconds;
    const cpuPerRotation = rotations ? Math.max(0, rotating.cpu - heldCpu) / rotations : Number.NaN;
    const cmdsPerRotation = rotations ? Math.max(0, rotating.commands - heldCmds) / rotations : Number.NaN;
    const rotationsPerHour = 3_600_000 / REAL_ROTATION_MS;
    const sorted = resumes.reconnects.sort((x, y) => x - y);
    const r1 = (x: number) => Math.round(x * 10) / 10;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      hub,
      viewers: n,
      window_s: options.windowS,
      instance_cpu_ms_per_hour: Math.round(perHour(alone.cpu, alone.seconds)),
      instance_redis_commands_per_hour: Math.round(perHour(alone.commands, alone.seconds)),
      idle_cpu_ms_per_viewer_hour: r1(Math.max(0, idleCpu)),
      idle_redis_commands_per_viewer_hour: r2(Math.max(0, idleCmds)),
      cpu_ms_per_rotation: r2(cpuPerRotation),
      redis_commands_per_rotation: r2(cmdsPerRotation),
      rotations_per_hour: r2(rotationsPerHour),
      cpu_ms_per_viewer_hour: r1(Math.max(0, idleCpu) + rotationsPerHour * cpuPerRotation),
      redis_commands_per_viewer_hour: r2(Math.max(0, idleCmds) + rotationsPerHour * cmdsPerRotation),
      redis_requests_per_event: r2(perEvent.requests / events),
      redis_commands_per_event: r2(perEvent.commands / events),
      redis_internal_commands_per_event: r2(perEvent.calls / events),
      resume_herd: n,
      resume_p50_ms: percentile(sorted, 0.5),
      resume_p99_ms: percentile(sorted, 0.99),
      resume_bytes_in: rotations ? Math.round(resumes.reconnectBytesIn / rotations) : Number.NaN,
      resume_bytes_out: rotations ? Math.round(resumes.reconnectBytesOut / rotations) : Number.NaN,
      resume_failures: resumes.failures,
    };
  } finally {
    bridge?.child.kill("SIGTERM");
    redis?.child.kill("SIGTERM");
  }
}

/** The arithmetic for `viewers` viewers watching for a day. */
export function perDay(cost: ViewerCost, viewers = 1000) {
  const hours = 24 * viewers;
  return {
    viewers,
    cpu_s: Math.round((cost.cpu_ms_per_viewer_hour * hours) / 1000),
    redis_commands: Math.round(cost.redis_commands_per_viewer_hour * hours),
    instance_cpu_s: Math.round((cost.instance_cpu_ms_per_hour * 24) / 1000),
    instance_redis_commands: Math.round(cost.instance_redis_commands_per_hour * 24),
  };
}

export function printViewerCost(costs: ViewerCost[]): void {
  const rows = Object.keys(costs[0] ?? {}).filter((k) => k !== "hub") as (keyof ViewerCost)[];
  console.log(`\nWhat a viewer costs${"".padEnd(30)}${costs.map((c) => c.hub.padStart(12)).join("")}`);
  for (const k of rows) console.log(`${k.padEnd(49)}${costs.map((c) => String(c[k]).padStart(12)).join("")}`);
  for (const c of costs) {
    const d = perDay(c);
    console.log(
      `1,000 viewers for a day, ${c.hub}: ${d.cpu_s.toLocaleString("en")} CPU s and ${d.redis_commands.toLocaleString("en")} Redis commands ` +
        `(+ the instance: ${d.instance_cpu_s.toLocaleString("en")} CPU s, ${d.instance_redis_commands.toLocaleString("en")} commands)`,
    );
  }
}
