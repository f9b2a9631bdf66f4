// `npm run bench:steering [-- --runs 5]`: what the durable run engine costs (issue 10's figures). Demo
// pipelines of three agents on a production server, each run twice over:
// - with approval at each step: a deciding vote → the next agent's first token (the run is picked up
//   from its stored history by the voting request), and the vote request itself;
// - without approval: the engine's own gap between one agent's last event and the next agent's start
//   (checkpoint, lease, persistence), from the server's event timestamps.
// A benchmark: it measures and reports; it asserts nothing.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { startServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { followRun, type ReceivedFrame } from "./follow-run";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, "plain-only": { type: "boolean", default: false } },
});
// --plain-only: runs without approval only (for a server that predates steering, started from its folder).
const plainOnly = values["plain-only"] === true;
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("Usage: npm run bench:steering -- [--runs N]");
  process.exit(2);
}

type Frame = ReceivedFrame;

buildIfStale();
const server = await startServer({ env: { PARLEY_DATA_DIR: "memory://bench-steering", PARLEY_RATE_LIMIT_SCALE: "100" } });

async function startRun(approval: "each_step" | "none") {
  const steering = approval === "none" ? {} : { approval };
  const res = await fetch(`${server.url}/api/v1/runs`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      task: "Build a REST API with JWT auth",
      strategy: "pipeline",
      agents: ["Architect", "Coder", "Reviewer"],
      ...steering,
    }),
  });
  if (res.status !== 201) throw new Error(`starting a run: ${res.status} ${await res.text()}`);
  return (await res.json()) as { run_id: string; control_token: string };
}

const voteToToken: number[] = [];
const voteRequest: number[] = [];
const gaps: { gated: number[]; plain: number[] } = { gated: [], plain: [] };

/** Server-side gaps between a turn's end and the next turn's start, in ms. */
function turnGaps(frames: Frame[]): number[] {
  const out: number[] = [];
  let ended: number | null = null;
  for (const f of frames) {
    if (f.type === "agent.turn_completed") ended = Date.parse(f.ts);
    if (f.type === "agent.turn_started" && ended !== null) out.push(Date.parse(f.ts) - ended);
  }
  return out;
}

async function gatedRun(): Promise<void> {
  const gated = await startRun("each_step");
  let votedAt: number | null = null;
  const frames = await followRun(server.port, gated.run_id, (f) => {
    if (f.type === "agent.token" && votedAt !== null) {
      voteToToken.push(f.receivedAt - votedAt);
      votedAt = null;
    }
    if (f.type !== "run.awaiting_approval") return;
    const sent = Date.now();
    votedAt = sent;
    void fetch(`${server.url}/api/v1/runs/${gated.run_id}/gates/${String(f.data.gate_id)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Parley-Control-Token": gated.control_token },
      body: JSON.stringify({ decision: "approve" }),
    }).then(() => voteRequest.push(Date.now() - sent));
  });
  gaps.gated.push(...turnGaps(frames));
}

for (let i = 0; i < runs; i++) {
  if (!plainOnly) await gatedRun();
  const plain = await startRun("none");
  gaps.plain.push(...turnGaps(await followRun(server.port, plain.run_id)));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
};
const row = (label: string, xs: number[]) =>
  console.log(
    `${label.padEnd(52)} ${String(pct(xs, 0.5)).padStart(6)} ${String(pct(xs, 1)).padStart(6)} ${String(xs.length).padStart(6)}`,
  );
console.log(`\n${"".padEnd(52)} ${"p50".padStart(6)} ${"max".padStart(6)} ${"n".padStart(6)}`);
row("deciding vote → next agent's first token (ms)", voteToToken);
row("the vote request itself (ms)", voteRequest);
row("turn end → next turn start, no approval (ms)", gaps.plain);
row("turn end → next turn start, through a gate (ms)", gaps.gated);

mkdirSync("bench/results", { recursive: true });
const file = `bench/results/steering-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
writeFileSync(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      runs,
      voteToToken,
      voteRequest,
      gaps,
    },
    null,
    2,
  ),
);
console.log(`\nResults written to ${file}`);
await server.stop();
