// `npm run bench:handoff [-- --runs 10 --rounds 5]`: what one hand-off between slices costs a reader
// (issue 22's figure). Two production servers on their own embedded databases: one hands every run on at
// every step boundary (PARLEY_RUN_SLICE_MS=1: each hand-off marks the run, calls the continuation endpoint
// with a signed token, which claims it and replays its stored history), the other drives runs whole.
// The same demo debates (same seeds) run on both, read throughout by one SSE client each; at every step
// boundary the gap is measured from the last agent.token before it to the first agent.token after it, as
// the client receives them. The added latency of a hand-off is the sliced gap minus the same boundary's
// gap in the unsliced run. A benchmark: it measures and reports; it asserts nothing.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startServer, type TestServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { followRun, type ReceivedFrame } from "./follow-run";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "10" }, rounds: { type: "string", default: "5" } },
});
const runs = Number(values.runs);
const rounds = Number(values.rounds);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(rounds) || rounds < 1 || rounds > 5) {
  console.error("Usage: npm run bench:handoff -- [--runs N] [--rounds 1-5]");
  process.exit(2);
}

type Frame = ReceivedFrame;

buildIfStale();
const common = { PARLEY_DEMO_TOKEN_MS: "10", PARLEY_RATE_LIMIT_SCALE: "100" };
const place = () => mkdtempSync(path.join(os.tmpdir(), "parley-bench-handoff-"));
const [sliced, whole] = await Promise.all([
  startServer({ env: { ...common, PARLEY_DATA_DIR: place(), PARLEY_RUN_SLICE_MS: "1" } }),
  startServer({ env: { ...common, PARLEY_DATA_DIR: place() } }),
]);

async function startDebate(server: TestServer, seed: number): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/runs`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ task: "Should we move the monolith to services?", strategy: "debate", rounds, seed }),
  });
  if (res.status !== 201) throw new Error(`starting a run: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { run_id: string }).run_id;
}

/** At each boundary between turns: last token of one turn → first token of the next, in ms. */
function boundaryGaps(frames: Frame[]): number[] {
  const gaps: number[] = [];
  let last: Frame | null = null;
  for (const f of frames) {
    if (f.type !== "agent.token") continue;
    if (last && last.data.turn_id !== f.data.turn_id) gaps.push(f.receivedAt - last.receivedAt);
    last = f;
  }
  return gaps;
}

const added: number[] = [];
const slicedGaps: number[] = [];
const wholeGaps: number[] = [];
for (let i = 0; i < runs; i++) {
  // One run at a time on each server, the two side by side: both see the same load.
  const [a, b] = await Promise.all([startDebate(sliced, 100 + i), startDebate(whole, 100 + i)]);
  const [fa, fb] = await Promise.all([followRun(sliced.port, a), followRun(whole.port, b)]);
  const ga = boundaryGaps(fa);
  const gb = boundaryGaps(fb);
  if (ga.length !== gb.length) throw new Error(`run ${i}: ${ga.length} boundaries sliced, ${gb.length} whole`);
  slicedGaps.push(...ga);
  wholeGaps.push(...gb);
  for (const [k, g] of ga.entries()) added.push(g - (gb[k] ?? 0));
  process.stdout.write(`run ${i + 1}/${runs}: ${ga.length} hand-offs\n`);
}
await Promise.all([sliced.stop(), whole.stop()]);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? Number.NaN;
};
const row = (label: string, xs: number[]) =>
  console.log(
    `${label.padEnd(58)} ${pct(xs, 0.5).toFixed(1).padStart(7)} ${pct(xs, 0.99).toFixed(1).padStart(7)} ${String(xs.length).padStart(5)}`,
  );
console.log(`\n${"".padEnd(58)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"n".padStart(5)}`);
row("last token → next turn's first token, sliced (ms)", slicedGaps);
row("the same, driven whole (ms)", wholeGaps);
row("added by one hand-off (ms)", added);

mkdirSync("bench/results", { recursive: true });
const file = `bench/results/handoff-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
const machine = { cpus: os.cpus().length, node: process.version, database: "embedded", hub: "memory" };
writeFileSync(
  file,
  JSON.stringify({ at: new Date().toISOString(), machine, runs, rounds, added, slicedGaps, wholeGaps }, null, 2),
);
console.log(`\n${file}`);
