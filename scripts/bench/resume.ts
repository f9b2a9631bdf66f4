// Resume cost: N readers of one channel whose streams all end at the rotation (PARLEY_STREAM_MAX_MS, here
// ROTATE_MS instead of 280 s: the herd each 280 s makes) and reconnect at once with their cursors, on each
// column that can resume — Parley on the memory hub and on its Upstash hub, resumable-stream, @upstash/realtime.
// Events keep coming at RATE a second throughout, so a reader that misses any shows a gap.
import { Worker } from "node:worker_threads";
import { startParley } from "./contenders";
import { percentile } from "./load";
import { type BenchRedis, type PeerSpec, redisColumns } from "./peers";

const ROTATE_MS = 15_000;
const RATE = 10;

export interface ResumeResult {
  name: string;
  readers: number;
  /** Why the column was not measured (it cannot resume, or failed), else null. */
  skipped: string | null;
  connect_all_ms: number;
  resumed: number;
  /** The old stream's end → the new response. */
  reconnect_p50_ms: number;
  reconnect_p99_ms: number;
  /** The old stream's end → the first event on the new one (at RATE events/s, ≤ 100 ms of it is waiting). */
  first_event_p50_ms: number;
  first_event_p99_ms: number;
  /** One reconnect, to its first event: the request (bytes out) and the response so far (bytes in). */
  bytes_out: number;
  bytes_in: number;
  failed_attempts: number;
  /** Readers that ended with every event from their first on, once each. */
  complete: number;
  with_gap: number;
  with_duplicate: number;
  behind: number;
  /** Publishes the server refused or dropped (their events are no reader's gap). */
  publish_errors: number;
}

/** The columns that resume, with their streams rotating every ROTATE_MS. */
export function resumeColumns(redis: BenchRedis): PeerSpec[] {
  const env = { PARLEY_STREAM_MAX_MS: String(ROTATE_MS), PARLEY_HEADERS_TIMEOUT_MS: "60000" };
  const parley: PeerSpec = {
    name: "parley",
    about: "Parley, memory hub",
    resume: { kind: "last-event-id" },
    start: () => startParley(env),
  };
  return [parley, ...redisColumns(redis, env)];
}

type Message = { type: string } & Record<string, unknown>;
interface WorkerReport {
  reconnect: number[];
  firstEvent: number[];
  bytesIn: number[];
  bytesOut: number[];
  failures: number;
  resumed: number;
  complete: number;
  withGap: number;
  withDuplicate: number;
  behind: number;
}
const next = (worker: Worker) => new Promise<Message>((resolve) => worker.once("message", resolve));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : Number.NaN);

async function herd(spec: PeerSpec, readers: number): Promise<ResumeResult> {
  const blank = { name: spec.name, readers, skipped: null } as const;
  if (!spec.resume) return { ...emptyResult(spec.name, readers), skipped: "cannot resume" };
  console.log(`▸ ${spec.name}: ${spec.about}`);
  const contender = await spec.start();
  let worker: Worker | null = null;
  try {
    await contender.beforeConnect?.();
    await sleep(2000);
    worker = new Worker(new URL("./resume-worker.mjs", import.meta.url), {
      workerData: { port: contender.port, path: contender.streamPath, headers: contender.headers, readers, cursor: spec.resume },
    });
    const connected = await next(worker);
    if (connected.type !== "connected") throw new Error(String(connected.message));
    let seq = 0;
    const start = Date.now();
    const deadline = start + ROTATE_MS + 45_000;
    const accepted: number[] = [];
    let publishErrors = 0;
    const publish = async () => {
      const n = seq++;
      await contender.publish(n, Date.now()).then(
        () => void accepted.push(n),
        () => void publishErrors++,
      );
    };
    for (let resumed = 0; resumed < readers && Date.now() < deadline; ) {
      for (let i = 0; i < RATE / 2; i++) {
        await publish();
        await sleep(1000 / RATE);
      }
      const reply = next(worker);
      worker.postMessage({ type: "progress" });
      resumed = (await reply).resumed as number;
    }
    for (let i = 0; i < RATE; i++) {
      await publish();
      await sleep(1000 / RATE);
    }
    const reply = next(worker);
    worker.postMessage({ type: "finish", lastSeq: accepted.at(-1) ?? -1, accepted });
    const done = (await reply) as unknown as WorkerReport;
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const reconnect = sorted(done.reconnect);
    const first = sorted(done.firstEvent);
    return {
      ...blank,
      connect_all_ms: connected.connectAll as number,
      resumed: done.resumed,
      reconnect_p50_ms: percentile(reconnect, 0.5),
      reconnect_p99_ms: percentile(reconnect, 0.99),
      first_event_p50_ms: percentile(first, 0.5),
      first_event_p99_ms: percentile(first, 0.99),
      bytes_out: mean(done.bytesOut),
      bytes_in: mean(done.bytesIn),
      failed_attempts: done.failures,
      complete: done.complete,
      with_gap: done.withGap,
      with_duplicate: done.withDuplicate,
      behind: done.behind,
      publish_errors: publishErrors,
    };
  } finally {
    await worker?.terminate();
    await contender.stop();
  }
}

function emptyResult(name: string, readers: number): ResumeResult {
  const nan = Number.NaN;
  return {
    name,
    readers,
    skipped: null,
    connect_all_ms: nan,
    resumed: 0,
    reconnect_p50_ms: nan,
    reconnect_p99_ms: nan,
    first_event_p50_ms: nan,
    first_event_p99_ms: nan,
    bytes_out: nan,
    bytes_in: nan,
    failed_attempts: 0,
    complete: 0,
    with_gap: 0,
    with_duplicate: 0,
    behind: 0,
    publish_errors: 0,
  };
}

/** One herd per column, one after the other (each alone on the machine). */
export async function benchResume(specs: PeerSpec[], options: { readers: number }): Promise<ResumeResult[]> {
  const results: ResumeResult[] = [];
  for (const spec of specs) {
    results.push(
      await herd(spec, options.readers).catch((error: unknown) => {
        console.log(`▸ ${spec.name} failed: ${error instanceof Error ? error.message : error}`);
        return {
          ...emptyResult(spec.name, options.readers),
          skipped: `failed: ${error instanceof Error ? error.message : error}`,
        };
      }),
    );
    console.log(JSON.stringify(results.at(-1)));
  }
  return results;
}

export function printResume(results: ResumeResult[]): void {
  const rows = Object.keys(results[0] ?? {}).filter((k) => k !== "name" && k !== "skipped") as (keyof ResumeResult)[];
  const cell = (v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? "—" : String(v)).padStart(12);
  console.log(`\nResume after the rotation${"".padEnd(11)}${results.map((r) => r.name.padStart(12)).join("")}`);
  for (const k of rows) console.log(`${k.padEnd(36)}${results.map((r) => cell(r[k])).join("")}`);
  for (const r of results) if (r.skipped) console.log(`${r.name}: ${r.skipped}`);
}
