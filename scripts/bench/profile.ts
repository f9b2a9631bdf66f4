// `tsx --conditions=react-server scripts/bench/profile.ts [--subscribers 1000] [--out DIR] [--floor]`:
// profiles a production `next start` holding N idle channel streams, then publishing 50 events/s to them:
// a CPU profile (--cpu-prof, with the phases' wall-clock windows), a sampling heap profile (--heap-prof)
// and heap snapshots before and after the streams connect. `--floor` profiles the bench's minimal route
// handler (app/api/bench-floor) instead of a Parley channel, in the same build, so the two can be
// compared object by object. `analyze-profile.ts` reads what it leaves behind.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { UNCAPPED_STREAMS } from "./load";
import { openSse } from "./sse-client.mjs";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "1000" },
    out: { type: "string", default: "bench/profile" },
    floor: { type: "boolean", default: false },
  },
});
const floor = values.floor;
const subscribers = Number(values.subscribers);
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const snapshots = () => readdirSync(out).filter((f) => f.endsWith(".heapsnapshot"));

buildIfStale();
const spawnedAt = Date.now();
const server = await startServer({
  env: {
    PARLEY_DATA_DIR: "memory://profile",
    ...UNCAPPED_STREAMS,
    ...(floor && { PARLEY_BENCH_FLOOR: "1" }),
  },
  nodeArgs: [
    `--cpu-prof`,
    `--cpu-prof-dir=${out}`,
    `--heap-prof`,
    `--heap-prof-dir=${out}`,
    `--heapsnapshot-signal=SIGUSR2`,
    `--diagnostic-dir=${out}`,
  ],
});
const pid = server.process.pid!;
const status = () =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .filter((l) => /^(VmRSS|RssAnon|RssFile|RssShmem)/.test(l))
      .map((l) => l.split(/:\s+/) as [string, string]),
  );
async function snapshot(label: string) {
  const before = snapshots().length;
  process.kill(pid, "SIGUSR2");
  while (snapshots().length === before) await sleep(200);
  // The file appears before it is complete, and the server is frozen while it is written: wait until
  // its size has stopped changing, so no measured phase overlaps the writing.
  const file = path.join(out, snapshots().sort().at(-1)!);
  for (let size = -1; size !== statSync(file).size; ) {
    size = statSync(file).size;
    await sleep(2000);
  }
  return { label, file: snapshots().sort().at(-1), status: status() };
}

const phases: Record<string, [number, number]> = {};
const mark = async (name: string, fn: () => Promise<void>) => {
  const t0 = Date.now() - spawnedAt;
  await fn();
  phases[name] = [t0, Date.now() - spawnedAt];
};

const key = await server.apiKey();
const headers: Record<string, string> = floor ? {} : { Authorization: `Bearer ${key}` };
const path_ = floor ? "/api/bench-floor/stream" : "/api/v1/channels/profile/stream";
const publish = (body: unknown) =>
  floor
    ? fetch(`${server.url}/api/bench-floor/publish`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      })
    : server.publish("profile", body, key);
// Warm the stream route and the publish route once, so the first snapshot holds the modules loaded.
const warm = await openSse({ port: server.port, path: path_, headers, onFrames() {} });
await (await publish({ type: "warm", data: {} })).arrayBuffer();
warm.destroy();
await sleep(1000);
const snaps = [await snapshot("warm, no streams")];

const requests: { destroy(): void }[] = [];
let received = 0;
const countFrames = (text: string) => {
  received += text.split("\n\n").length;
};
await mark("connect", async () => {
  for (let i = 0; i < subscribers; i += 250) {
    const batch = Array.from({ length: Math.min(250, subscribers - i) }, () =>
      openSse({ port: server.port, path: path_, headers, onFrames: countFrames }),
    );
    requests.push(...(await Promise.all(batch)));
  }
});
await sleep(3000);
snaps.push(await snapshot(`${subscribers} idle streams`));

const publishMs: number[] = [];
await mark("publish", async () => {
  const pending: Promise<void>[] = [];
  const start = Date.now();
  for (let seq = 0; seq < 250; seq++) {
    const wait = start + seq * 20 - Date.now();
    if (wait > 0) await sleep(wait);
    const t0 = performance.now();
    pending.push(
      publish({ type: "bench.tick", data: { seq, sent_at: Date.now() } }).then(async (r) => {
        await r.arrayBuffer();
        publishMs.push(performance.now() - t0);
      }),
    );
  }
  await Promise.all(pending);
});
await sleep(2000);
for (const r of requests) r.destroy();
await sleep(1000);
await server.stop();
await sleep(2000);

publishMs.sort((a, b) => a - b);
const pct = (p: number) => Math.round(publishMs[Math.min(publishMs.length - 1, Math.floor(publishMs.length * p))]!);
const summary = {
  target: floor ? "minimal route handler" : "Parley channel",
  subscribers,
  received_frames: received,
  publish_ms: { p50: pct(0.5), p99: pct(0.99), max: Math.round(publishMs.at(-1)!) },
  phases_ms_since_spawn: phases,
  snapshots: snaps,
  files: readdirSync(out),
};
writeFileSync(path.join(out, "summary.json"), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary, null, 2));
