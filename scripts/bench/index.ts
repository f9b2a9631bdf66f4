// `npm run bench [-- --subscribers 1000 --rate 50 --duration 10]`: one channel's fan-out on a production
// Parley server, then the same load on a minimal route handler in the same build (app/api/bench-floor: the
// floor a route handler stands on) and on a bare node:http SSE server, side by side.
// `--instances 2`: across two instances through Redis (see instances.ts), with 10 and N subscribers.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { mintAdminToken } from "../../lib/auth/tokens";
import { freePort, startServer, TEST_SECRET } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { benchInstances, type InstancesResult } from "./instances";
import { type LoadResult, runLoad, type Target, UNCAPPED_STREAMS } from "./load";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "1000" },
    rate: { type: "string", default: "50" },
    duration: { type: "string", default: "10" },
    instances: { type: "string", default: "1" },
  },
});
const options = { subscribers: Number(values.subscribers), rate: Number(values.rate), durationS: Number(values.duration) };
if (
  ![options.subscribers, options.rate, options.durationS].every((n) => Number.isFinite(n) && n > 0) ||
  !["1", "2"].includes(values.instances)
) {
  console.error("Usage: npm run bench -- [--subscribers N] [--rate EVENTS_PER_S] [--duration S] [--instances 1|2]");
  process.exit(2);
}

function save(kind: string, results: unknown) {
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${kind}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  const machine = { cpus: os.cpus().length, node: process.version };
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, options, ...(results as object) }, null, 2));
  console.log(`\nResults written to ${file}`);
}

if (values.instances === "2") {
  const counts = [...new Set([10, options.subscribers])].sort((x, y) => x - y);
  console.log(
    `▸ across 2 instances through Redis: ${counts.join(" and ")} subscribers × ${options.rate} events/s, ${options.durationS} s`,
  );
  const results = await benchInstances(counts, { rate: options.rate, durationS: options.durationS });
  const rows: [string, keyof InstancesResult, number][] = [
    ["cross-instance fan-out p50 (ms)", "fanout_p50_ms", 0],
    ["cross-instance fan-out p99 (ms)", "fanout_p99_ms", 0],
    ["cross-instance fan-out max (ms)", "fanout_max_ms", 0],
    ["publish→receive p50 (ms)", "e2e_p50_ms", 0],
    ["publish→receive p99 (ms)", "e2e_p99_ms", 0],
    ["delivered", "delivered", 0],
    ["expected", "expected", 0],
    ["Redis requests/s, A (publisher)", "redis_requests_per_s_a", 1],
    ["Redis requests/s, B (subscribers)", "redis_requests_per_s_b", 1],
    ["Redis commands/s, A", "redis_commands_per_s_a", 1],
    ["Redis commands/s, B", "redis_commands_per_s_b", 1],
    ["Redis requests by B to connect all", "redis_requests_b_connecting", 0],
    ["connect all (ms)", "connect_all_ms", 0],
    ["publish errors", "publish_errors", 0],
  ];
  console.log(`\n${"".padEnd(36)}${results.map((r) => `${r.subscribers} subs`.padStart(12)).join("")}`);
  for (const [label, k, digits] of rows) {
    console.log(`${label.padEnd(36)}${results.map((r) => r[k].toFixed(digits).padStart(12)).join("")}`);
  }
  save("instances", { results });
  process.exit(0);
}

const post = (port: number, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  }).then((r) => {
    if (!r.ok) throw new Error(`publish ${r.status}`);
  });
const readRss = async (port: number, path: string, headers: Record<string, string>) =>
  ((await (await fetch(`http://127.0.0.1:${port}${path}`, { headers })).json()) as { memory: { rss_bytes: number } }).memory
    .rss_bytes;
// Once more on a failure: a pooled keep-alive connection the server closed while it was busy resets.
const rssOf = (port: number, path: string, headers: Record<string, string> = {}) =>
  readRss(port, path, headers).catch(() => readRss(port, path, headers));
/** Parley's /api/health shows memory only to a metrics reader: the test server's admin token. */
const adminHeaders = () => ({ Authorization: `Bearer ${mintAdminToken(TEST_SECRET).token}` });

async function benchParley(): Promise<LoadResult> {
  buildIfStale();
  const server = await startServer({
    env: {
      ...UNCAPPED_STREAMS,
      PARLEY_DATA_DIR: "memory://bench",
    },
  });
  try {
    const key = await server.apiKey();
    const target: Target = {
      name: "parley",
      port: server.port,
      streamPath: "/api/v1/channels/bench/stream",
      headers: { Authorization: `Bearer ${key}` },
      publish: (seq, sentAt) =>
        post(
          server.port,
          "/api/v1/channels/bench/events",
          { type: "bench.tick", data: { seq, sent_at: sentAt } },
          { Authorization: `Bearer ${key}` },
        ),
      rss: () => rssOf(server.port, "/api/health", adminHeaders()),
    };
    return await runLoad(target, options);
  } finally {
    await server.stop();
  }
}

/** The same build, the fixture route enabled, nothing of Parley touched (not even /api/health). */
async function benchFloor(): Promise<LoadResult> {
  const server = await startServer({
    // The same server (lib/http/server), so the same guard on connections still sending headers.
    env: {
      PARLEY_DATA_DIR: "memory://bench-floor",
      PARLEY_BENCH_FLOOR: "1",
      PARLEY_UPLOADS_PER_ADDRESS: UNCAPPED_STREAMS.PARLEY_UPLOADS_PER_ADDRESS,
    },
    healthPath: "/api/bench-floor/health",
  });
  // The process's run sweeper (instrumentation.ts) opens the embedded database on its first sweep, 15 s
  // after start: wait for it and for its start-up spike to settle, so it is in the baseline, not in the
  // measured growth.
  await new Promise((r) => setTimeout(r, 20_000));
  try {
    const target: Target = {
      name: "floor",
      port: server.port,
      streamPath: "/api/bench-floor/stream",
      headers: {},
      publish: (seq, sentAt) =>
        post(server.port, "/api/bench-floor/publish", { type: "bench.tick", data: { seq, sent_at: sentAt } }),
      rss: () => rssOf(server.port, "/api/bench-floor/health"),
    };
    return await runLoad(target, options);
  } finally {
    await server.stop();
  }
}

async function benchBare(): Promise<LoadResult> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["scripts/bench/bare-server.mjs", String(port)], { stdio: "ignore" });
  try {
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
    const target: Target = {
      name: "bare",
      port,
      streamPath: "/stream",
      headers: {},
      publish: (seq, sentAt) => post(port, "/publish", { type: "bench.tick", data: { seq, sent_at: sentAt } }),
      rss: () => rssOf(port, "/health"),
    };
    return await runLoad(target, options);
  } finally {
    child.kill("SIGKILL");
  }
}

console.log(
  `▸ ${options.subscribers} subscribers × ${options.rate} events/s for ${options.durationS} s, one channel (memory hub)`,
);
console.log("▸ Parley (next start)…");
const parley = await benchParley();
console.log("▸ minimal route handler, same build (next start)…");
const floor = await benchFloor();
console.log("▸ bare node:http SSE server…");
const bare = await benchBare();

const rows: [string, keyof LoadResult, number][] = [
  ["connect all (ms)", "connect_all_ms", 0],
  ["connect p50 (ms)", "connect_p50_ms", 0],
  ["connect p99 (ms)", "connect_p99_ms", 0],
  ["fan-out p50 (ms)", "fanout_p50_ms", 0],
  ["fan-out p99 (ms)", "fanout_p99_ms", 0],
  ["fan-out max (ms)", "fanout_max_ms", 0],
  ["publish→receive p50 (ms)", "e2e_p50_ms", 0],
  ["publish→receive p99 (ms)", "e2e_p99_ms", 0],
  ["publish→receive max (ms)", "e2e_max_ms", 0],
  ["delivered", "delivered", 0],
  ["expected", "expected", 0],
  ["RSS per idle connection (KB)", "rss_idle_per_connection_kb", 1],
  ["RSS baseline (MB)", "rss_baseline_mb", 0],
  ["RSS with subscribers (MB)", "rss_loaded_mb", 0],
  ["publish errors", "publish_errors", 0],
];
const pad = (s: string, n: number) => s.padStart(n);
const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : "—");
console.log(
  `\n${"".padEnd(30)}${pad("parley", 10)}${pad("minimal", 10)}${pad("bare", 10)}${pad("÷minimal", 10)}${pad("÷bare", 8)}`,
);
for (const [label, k, digits] of rows) {
  const [p, f, b] = [parley[k], floor[k], bare[k]];
  console.log(
    `${label.padEnd(30)}${pad(p.toFixed(digits), 10)}${pad(f.toFixed(digits), 10)}${pad(b.toFixed(digits), 10)}${pad(ratio(p, f), 10)}${pad(ratio(p, b), 8)}`,
  );
}

save("fanout", { parley, floor, bare });
