// The load: N SSE subscribers on one channel (in a worker thread), events published at a fixed rate from
// the main thread, latency measured per delivery both from the publisher's send and from the server's accept.
import { Worker } from "node:worker_threads";

/** A bench opens every stream, and publishes every event, from one address with one key: its caps and quotas go up. */
export const UNCAPPED_STREAMS = {
  PARLEY_STREAMS_PER_KEY: "100000",
  PARLEY_STREAMS_PER_USER: "100000",
  PARLEY_STREAMS_PER_ADDRESS: "100000",
  PARLEY_STREAMS_MAX: "100000",
  // The bench connects 250 readers at once from one address: on a busy machine more than the default 100
  // of them may still be sending their headers (lib/http/server/upload-guard.ts).
  PARLEY_UPLOADS_PER_ADDRESS: "100000",
  // One key publishes every event of the bench, at any --rate: far above a public deployment's quota.
  PARLEY_PUBLISH_REQUESTS_PER_MIN: "1000000",
  PARLEY_PUBLISH_EVENTS_PER_MIN: "10000000",
};

export interface Target {
  name: string;
  /** Path + query of the stream. */
  streamPath: string;
  headers: Record<string, string>;
  port: number;
  publish(seq: number, sentAt: number): Promise<void>;
  rss(): Promise<number>;
  /** Before the subscribers connect (a peer whose stream must exist first makes it here). */
  beforeConnect?(): Promise<void>;
  /** Around the publishing phase (subscribers connected and idle before, deliveries may still drain after). */
  beforePublish?(): Promise<void>;
  afterPublish?(): Promise<void>;
}

export interface LoadOptions {
  subscribers: number;
  rate: number;
  durationS: number;
}

export interface LoadResult {
  subscribers: number;
  connect_all_ms: number;
  connect_p50_ms: number;
  connect_p99_ms: number;
  /** Server accepted the event (envelope ts) → subscriber received it. */
  fanout_p50_ms: number;
  fanout_p99_ms: number;
  fanout_max_ms: number;
  /** Publisher sent the request → subscriber received the event. */
  e2e_p50_ms: number;
  e2e_p99_ms: number;
  e2e_max_ms: number;
  delivered: number;
  expected: number;
  rss_idle_per_connection_kb: number;
  rss_baseline_mb: number;
  rss_loaded_mb: number;
  publish_errors: number;
  /** The raw samples, for pooling trials (not saved). */
  samples?: { e2e: number[]; fan: number[]; connect: number[] };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

type WorkerMessage =
  | { type: "connected"; connectAll: number; connectTimes: number[] }
  | { type: "error"; message: string }
  | { type: "done"; endToEnd: number[]; fanOut: number[] };

function next(worker: Worker): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

export async function runLoad(target: Target, options: LoadOptions): Promise<LoadResult> {
  await target.beforeConnect?.();
  const baseline = await target.rss();
  const worker = new Worker(new URL("./subscribers-worker.mjs", import.meta.url), {
    workerData: { port: target.port, path: target.streamPath, headers: target.headers, subscribers: options.subscribers },
  });
  try {
    const connected = await next(worker);
    if (connected.type !== "connected")
      throw new Error(`${target.name}: ${connected.type === "error" ? connected.message : "?"}`);
    await new Promise((r) => setTimeout(r, 2000));
    const loaded = await target.rss();

    const total = Math.round(options.rate * options.durationS);
    const interval = 1000 / options.rate;
    let errors = 0;
    await target.beforePublish?.();
    const start = Date.now();
    const pending: Promise<void>[] = [];
    for (let seq = 0; seq < total; seq++) {
      const wait = start + seq * interval - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(target.publish(seq, Date.now()).catch(() => void errors++));
    }
    await Promise.all(pending);
    await target.afterPublish?.();
    const expected = total * options.subscribers;
    const finished = next(worker);
    worker.postMessage({ type: "finish", expected });
    const done = await finished;
    if (done.type !== "done") throw new Error(`${target.name}: subscribers failed`);

    const e2e = done.endToEnd.sort((a, b) => a - b);
    const fan = done.fanOut.sort((a, b) => a - b);
    const connect = connected.connectTimes.sort((a, b) => a - b);
    return {
      subscribers: options.subscribers,
      connect_all_ms: connected.connectAll,
      connect_p50_ms: percentile(connect, 0.5),
      connect_p99_ms: percentile(connect, 0.99),
      fanout_p50_ms: percentile(fan, 0.5),
      fanout_p99_ms: percentile(fan, 0.99),
      fanout_max_ms: fan.at(-1) ?? Number.NaN,
      e2e_p50_ms: percentile(e2e, 0.5),
      e2e_p99_ms: percentile(e2e, 0.99),
      e2e_max_ms: e2e.at(-1) ?? Number.NaN,
      delivered: e2e.length,
      expected,
      rss_idle_per_connection_kb: Math.round(((loaded - baseline) / options.subscribers / 1024) * 10) / 10,
      rss_baseline_mb: Math.round(baseline / 1024 / 1024),
      rss_loaded_mb: Math.round(loaded / 1024 / 1024),
      publish_errors: errors,
      samples: { e2e, fan, connect },
    };
  } finally {
    await worker.terminate();
  }
}
