// `npm run bench [-- --loads 100x10,1000x10,1000x50 --duration 10 --trials 2]`: one channel's fan-out on a
// production Parley server, on a minimal route handler in the same build (app/api/bench-floor: the floor a
// route handler stands on) and on a bare node:http SSE server, side by side at each load (fanout.ts).
// `--subscribers N --rate R` runs that one load. `--instances 2`: across two instances through Redis (see
// instances.ts), with 10 and N subscribers.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { bare, minimal, parley } from "./contenders";
import { benchFanout, DEFAULT_LOADS, FLOOR_TABLE, type Load, parseLoads, printFanout } from "./fanout";
import { benchInstances, type InstancesResult } from "./instances";
import { BenchRedis, PEER_TABLE, redisColumns } from "./peers";
import { benchResume, printResume, resumeColumns } from "./resume";
import { benchViewerCost, printViewerCost, type ViewerCost } from "./viewer-cost";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string" },
    rate: { type: "string" },
    loads: { type: "string" },
    duration: { type: "string", default: "10" },
    trials: { type: "string", default: "2" },
    instances: { type: "string", default: "1" },
    only: { type: "string" },
    viewers: { type: "string", default: "1000" },
    window: { type: "string", default: "20" },
    hub: { type: "string" },
    peers: { type: "string", default: "yes" },
    herd: { type: "string", default: "1000" },
    columns: { type: "string" },
  },
});
/** `--only fanout,resume`: those parts; every part without it. */
const only = values.only?.split(",") ?? [];
const runs = (part: string) => only.length === 0 || only.includes(part);
const one =
  values.subscribers || values.rate ? { subscribers: Number(values.subscribers ?? 1000), rate: Number(values.rate ?? 50) } : null;
const loads: Load[] | null = one ? [one] : values.loads ? parseLoads(values.loads) : DEFAULT_LOADS;
const options = {
  subscribers: one?.subscribers ?? 1000,
  rate: one?.rate ?? 50,
  durationS: Number(values.duration),
  trials: Number(values.trials),
  viewers: Number(values.viewers),
  windowS: Number(values.window),
  herd: Number(values.herd),
};
if (
  !loads ||
  !only.every((part) => ["fanout", "costs", "resume"].includes(part)) ||
  !["yes", "no"].includes(values.peers) ||
  (values.hub !== undefined && !["memory", "upstash"].includes(values.hub)) ||
  ![options.subscribers, options.rate, options.durationS, options.trials, options.viewers, options.windowS, options.herd].every(
    (n) => Number.isFinite(n) && n > 0,
  ) ||
  !["1", "2"].includes(values.instances)
) {
  console.error(
    "Usage: npm run bench -- [--only fanout,costs,resume] [--loads NxR,…] [--subscribers N --rate EVENTS_PER_S] [--duration S] " +
      "[--trials T] [--peers yes|no] [--herd N --columns parley,parley-up,resumable,realtime] [--viewers N --window S --hub memory|upstash] [--instances 1|2]",
  );
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
  const rows: [string, Exclude<keyof InstancesResult, "samples">, number][] = [
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

const saved: Record<string, unknown> = {};
// The peers' columns need a Redis of the bench's own (peers.ts).
const peers = values.peers === "yes" && spawnSync("redis-server", ["--version"]).status === 0;
if (values.peers === "yes" && !peers) console.log("▸ the peer columns are skipped: no redis-server");
const redis = new BenchRedis();
try {
  if (runs("fanout")) {
    console.log(
      `▸ one channel: ${loads.map((l) => `${l.subscribers} subscribers × ${l.rate} events/s`).join(", ")}; ` +
        `${options.durationS} s each, ${options.trials} trials, order reversed every other trial`,
    );
    const specs = [parley, minimal, bare, ...(peers ? redisColumns(redis) : [])];
    const run = await benchFanout(specs, loads, { durationS: options.durationS, trials: options.trials });
    printFanout(run, peers ? [FLOOR_TABLE, PEER_TABLE] : [FLOOR_TABLE]);
    saved.fanout = run;
  }
  if (peers && runs("resume")) {
    console.log(`▸ resume after the rotation: ${options.herd} readers of one channel, every stream ending at once`);
    const columns = resumeColumns(redis).filter((c) => !values.columns || values.columns.split(",").includes(c.name));
    const results = await benchResume(columns, { readers: options.herd });
    printResume(results);
    saved.resume = results;
  }
} finally {
  await redis.stop();
}
if (runs("costs")) {
  const hubs: ("memory" | "upstash")[] = values.hub === "upstash" ? [] : ["memory"];
  // The Upstash hub's costs are counted on a Redis of the bench's own (viewer-cost.ts).
  if (values.hub !== "memory") {
    if (spawnSync("redis-server", ["--version"]).status === 0) hubs.push("upstash");
    else console.log("▸ the Upstash hub's costs are skipped: no redis-server");
  }
  const costs: ViewerCost[] = [];
  for (const hub of hubs) {
    console.log(`▸ what a viewer costs, ${hub} hub: ${options.viewers} idle viewers, ${options.windowS} s windows…`);
    try {
      costs.push(await benchViewerCost(hub, { viewers: options.viewers, windowS: options.windowS }));
      console.log(JSON.stringify(costs.at(-1)));
    } catch (error) {
      console.log(`▸ the ${hub} hub's costs failed: ${error instanceof Error ? error.message : error}`);
    }
  }
  printViewerCost(costs);
  saved.costs = costs;
}
save("fanout", saved);
