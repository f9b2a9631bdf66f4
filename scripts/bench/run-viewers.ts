// `npm run bench:run [-- --viewers 1000]`: one demo run (a five-agent pipeline) watched by N viewers at
// once. The run is held paused while the viewers connect, then resumed; every viewer must receive the
// whole run, and the fan-out latency of each event (server publish → viewer) is reported.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { startServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { UNCAPPED_STREAMS } from "./load";

const { values } = parseArgs({ options: { viewers: { type: "string", default: "1000" } } });
const viewers = Number(values.viewers);
if (!Number.isInteger(viewers) || viewers < 1) {
  console.error("Usage: npm run bench:run -- [--viewers N]");
  process.exit(2);
}

buildIfStale();
const server = await startServer({
  env: {
    ...UNCAPPED_STREAMS,
    PARLEY_DATA_DIR: "memory://bench-run",
  },
});
try {
  const created = (await (
    await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      body: JSON.stringify({ task: "Build a REST API with JWT auth", strategy: "pipeline", seed: 1 }),
    })
  ).json()) as { run_id: string; control_token: string };
  const control = (action: string) =>
    fetch(`${server.url}/api/v1/runs/${created.run_id}/${action}`, {
      method: "POST",
      headers: { "X-Parley-Control-Token": created.control_token },
    });
  await control("pause");
  for (;;) {
    const snap = (await (await fetch(`${server.url}/api/v1/runs/${created.run_id}`)).json()) as { run: { status: string } };
    if (snap.run.status === "paused") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const rssIdle = (await server.health()).memory.rss_bytes;
  const measureFrom = Date.now();
  const worker = new Worker(new URL("./run-viewers-worker.mjs", import.meta.url), {
    workerData: { port: server.port, path: `/api/v1/runs/${created.run_id}/events`, viewers, measureFrom },
  });
  const message = () =>
    new Promise<{ type: string; message?: string; latencies?: number[]; counts?: number[] }>((resolve) =>
      worker.once("message", resolve),
    );
  const connectStart = Date.now();
  const connected = await message();
  if (connected.type !== "connected") throw new Error(connected.message);
  const connectMs = Date.now() - connectStart;
  const rssWatching = (await server.health()).memory.rss_bytes;
  const runStart = Date.now();
  const finished = message();
  await control("resume");
  const done = await finished;
  const runMs = Date.now() - runStart;
  await worker.terminate();

  const whole = (await (await fetch(`${server.url}/api/v1/runs/${created.run_id}/export?format=json`)).json()) as {
    run: { status: string };
  };
  const latencies = (done.latencies ?? []).sort((a, b) => a - b);
  const counts = done.counts ?? [];
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  const result = {
    viewers,
    run_status: whole.run.status,
    run_duration_ms: runMs,
    connect_all_ms: connectMs,
    events_per_viewer: { min: Math.min(...counts), max: Math.max(...counts) },
    deliveries_measured: latencies.length,
    fanout_p50_ms: pct(0.5),
    fanout_p99_ms: pct(0.99),
    fanout_max_ms: latencies.at(-1),
    rss_per_viewer_kb: Math.round((rssWatching - rssIdle) / viewers / 102.4) / 10,
  };
  console.log(`\nOne demo pipeline run watched by ${viewers} viewers:`);
  for (const [k, v] of Object.entries(result)) console.log(`  ${k.padEnd(24)} ${typeof v === "object" ? JSON.stringify(v) : v}`);
  const same = result.events_per_viewer.min === result.events_per_viewer.max;
  console.log(`  ${"every viewer got the same, whole run".padEnd(24)} ${same ? "yes" : "NO"}`);
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/run-viewers-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(
    file,
    JSON.stringify(
      { at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, ...result },
      null,
      2,
    ),
  );
  console.log(`\nResults written to ${file}`);
} finally {
  await server.stop();
}
