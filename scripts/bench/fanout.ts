// One channel's fan-out at several loads — below saturation, at its edge, beyond it — on every contender,
// in the same run: each contender is started once, then every load is run on each of them, trial after
// trial, the order reversed every other trial (what runs first meets a quieter machine). Latencies of a
// contender's trials at one load are pooled before their percentiles are taken.
import os from "node:os";
import type { Contender, ContenderSpec } from "./contenders";
import { type LoadOptions, type LoadResult, percentile, runLoad } from "./load";

export interface Load {
  subscribers: number;
  rate: number;
}

export const DEFAULT_LOADS: Load[] = [
  { subscribers: 100, rate: 10 },
  { subscribers: 1000, rate: 10 },
  { subscribers: 1000, rate: 50 },
];

/** "100x10,1000x10" → loads; null when malformed. */
export function parseLoads(text: string): Load[] | null {
  const loads = text.split(",").map((part) => {
    const m = /^\s*(\d+)\s*[x×]\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    return m ? { subscribers: Number(m[1]), rate: Number(m[2]) } : null;
  });
  return loads.every((l) => l && l.subscribers > 0 && l.rate > 0) ? (loads as Load[]) : null;
}

export interface Pooled {
  subscribers: number;
  rate: number;
  trials: number;
  connect_all_ms: number;
  connect_p50_ms: number;
  connect_p99_ms: number;
  fanout_p50_ms: number;
  fanout_p99_ms: number;
  e2e_p50_ms: number;
  e2e_p99_ms: number;
  e2e_max_ms: number;
  delivered: number;
  expected: number;
  publish_errors: number;
  rss_idle_per_connection_kb: number;
  /** Each trial's publish → receive p50 / p99, to show the noise between trials. */
  trial_e2e_p50_ms: number[];
  trial_e2e_p99_ms: number[];
}

function pool(load: Load, results: LoadResult[]): Pooled {
  const merge = (pick: (s: NonNullable<LoadResult["samples"]>) => number[]) =>
    results.flatMap((r) => (r.samples ? pick(r.samples) : [])).sort((a, b) => a - b);
  const e2e = merge((s) => s.e2e);
  const fan = merge((s) => s.fan);
  const connect = merge((s) => s.connect);
  const sum = (k: keyof LoadResult) => results.reduce((n, r) => n + (r[k] as number), 0);
  return {
    ...load,
    trials: results.length,
    connect_all_ms: Math.round(sum("connect_all_ms") / results.length),
    connect_p50_ms: percentile(connect, 0.5),
    connect_p99_ms: percentile(connect, 0.99),
    fanout_p50_ms: percentile(fan, 0.5),
    fanout_p99_ms: percentile(fan, 0.99),
    e2e_p50_ms: percentile(e2e, 0.5),
    e2e_p99_ms: percentile(e2e, 0.99),
    e2e_max_ms: e2e.at(-1) ?? Number.NaN,
    delivered: sum("delivered"),
    expected: sum("expected"),
    publish_errors: sum("publish_errors"),
    rss_idle_per_connection_kb: results[0]?.rss_idle_per_connection_kb ?? Number.NaN,
    trial_e2e_p50_ms: results.map((r) => r.e2e_p50_ms),
    trial_e2e_p99_ms: results.map((r) => r.e2e_p99_ms),
  };
}

const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

export interface FanoutRun {
  loads: Load[];
  durationS: number;
  trials: number;
  contenders: string[];
  load_average: { before: string; after: string };
  /** By load ("100x10"), by contender. */
  results: Record<string, Record<string, Pooled>>;
}

export async function benchFanout(
  specs: ContenderSpec[],
  loads: Load[],
  options: { durationS: number; trials: number },
): Promise<FanoutRun> {
  const before = loadAverage();
  console.log(`▸ load average before: ${before} (${os.cpus().length} cores)`);
  const started: [ContenderSpec, Contender][] = [];
  try {
    for (const spec of specs) {
      console.log(`▸ starting ${spec.name}: ${spec.about}`);
      // A column that cannot start is left out of the tables, not the run.
      const contender = await spec.start().catch((error: unknown) => {
        console.log(`▸ ${spec.name} did not start: ${error instanceof Error ? error.message : error}`);
        return null;
      });
      if (contender) started.push([spec, contender]);
    }
    // The run sweeper of each next start (instrumentation.ts) opens the embedded database 15 s after start:
    // its start-up spike settles before anything is measured.
    await new Promise((r) => setTimeout(r, 20_000));
    const results: FanoutRun["results"] = {};
    for (const load of loads) {
      const label = `${load.subscribers}x${load.rate}`;
      const byName = new Map<string, LoadResult[]>();
      for (let trial = 0; trial < options.trials; trial++) {
        const order = trial % 2 === 0 ? started : [...started].reverse();
        for (const [spec, contender] of order) {
          const lo: LoadOptions = { ...load, durationS: options.durationS };
          process.stdout.write(`  ${label} trial ${trial + 1}: ${spec.name}… `);
          // A load a contender fails (a peer that cannot take it) is reported, and its figures left blank.
          const result = await runLoad({ ...contender, name: spec.name }, lo).catch((error: unknown) => {
            console.log(`failed: ${error instanceof Error ? error.message : error}`);
            return null;
          });
          if (result) {
            console.log(`p50 ${result.e2e_p50_ms} ms, p99 ${result.e2e_p99_ms} ms, ${result.delivered}/${result.expected}`);
            byName.set(spec.name, [...(byName.get(spec.name) ?? []), result]);
          }
          // The readers just closed are let go of before the next contender is measured.
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      results[label] = Object.fromEntries([...byName].map(([name, rs]) => [name, pool(load, rs)]));
    }
    return {
      loads,
      durationS: options.durationS,
      trials: options.trials,
      contenders: specs.map((s) => s.name),
      load_average: { before, after: loadAverage() },
      results,
    };
  } finally {
    await Promise.all(started.map(([, c]) => c.stop()));
  }
}

const ROWS: [string, keyof Pooled, number][] = [
  ["connect all (ms)", "connect_all_ms", 0],
  ["connect p50 (ms)", "connect_p50_ms", 0],
  ["connect p99 (ms)", "connect_p99_ms", 0],
  ["fan-out p50 (ms)", "fanout_p50_ms", 1],
  ["fan-out p99 (ms)", "fanout_p99_ms", 1],
  ["publish→receive p50 (ms)", "e2e_p50_ms", 1],
  ["publish→receive p99 (ms)", "e2e_p99_ms", 1],
  ["publish→receive max (ms)", "e2e_max_ms", 0],
  ["delivered", "delivered", 0],
  ["expected", "expected", 0],
  ["publish errors", "publish_errors", 0],
  ["RSS per idle connection (KB)", "rss_idle_per_connection_kb", 1],
];

/** A table of some contenders' columns, and ratios between them: `[a, b]` is a's figure ÷ b's. */
export interface FanoutTable {
  names: string[];
  ratios: [string, string][];
}

const SHORT: Record<string, string> = { minimal: "min", resumable: "res", realtime: "rt", "parley-up": "up" };

/** The first table: Parley, the floor and bare, and Parley's ratio to each of the two. */
export const FLOOR_TABLE: FanoutTable = {
  names: ["parley", "minimal", "bare"],
  ratios: [
    ["parley", "minimal"],
    ["parley", "bare"],
  ],
};

/** One table per load and per `tables` entry (the columns the run has of it): values, then the ratios. */
export function printFanout(run: FanoutRun, tables: FanoutTable[] = [FLOOR_TABLE]): void {
  const pad = (s: string, n: number) => s.padStart(n);
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) : "—");
  const head = ([a, b]: [string, string]) => `${a === "parley" ? "" : (SHORT[a] ?? a)}÷${SHORT[b] ?? b}`;
  for (const load of run.loads) {
    const label = `${load.subscribers}x${load.rate}`;
    const byName = run.results[label]!;
    for (const table of tables) {
      const names = table.names.filter((n) => byName[n]);
      if (names.length === 0) continue;
      const ratioCols = table.ratios.filter(([a, b]) => byName[a] && byName[b]);
      console.log(
        `\n${load.subscribers} subscribers × ${load.rate} events/s, ${run.durationS} s, ${run.trials} trials` +
          `\n${"".padEnd(30)}${names.map((n) => pad(n, 11)).join("")}${ratioCols.map((c) => pad(head(c), 11)).join("")}`,
      );
      for (const [title, k, digits] of ROWS) {
        const values = names.map((n) => byName[n]![k] as number);
        const ratios = ["delivered", "expected", "publish_errors"].includes(k)
          ? []
          : ratioCols.map(([a, b]) => ratio(byName[a]![k] as number, byName[b]![k] as number));
        console.log(
          `${title.padEnd(30)}${values.map((v) => pad(Number.isFinite(v) ? v.toFixed(digits) : "—", 11)).join("")}${ratios.map((r) => pad(r, 11)).join("")}`,
        );
      }
      console.log(
        `${"p50 / p99 by trial (ms)".padEnd(30)}${names
          .map(
            (n) =>
              `${n} ${byName[n]!.trial_e2e_p50_ms.map((v) => v.toFixed(1)).join("/")} | ${byName[n]!.trial_e2e_p99_ms.map((v) => v.toFixed(0)).join("/")}`,
          )
          .join("   ")}`,
      );
    }
  }
  console.log(`\nload average before / after: ${run.load_average.before} / ${run.load_average.after}`);
}
