// `npm run bench:gateway [-- --concurrency 50 --rounds 8 --tokens 100 --token-ms 10 --budget USD]`: what the gateway
// adds to a streaming call. N concurrent streaming chat completions, round after round, alternately
// straight to a local OpenAI-format upstream and through a production Parley server in front of it
// (with a watcher reading the `gateway` channel, so the tap does its work), timing each call's first and
// last byte. With --budget the calls' key has that daily budget, so each call also holds and settles its
// worst case. A benchmark, not a test: it prints p50/p99 and writes bench/results/gateway-*.json.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { gatewayKeyWith } from "../../tests/support/gateway";
import { startServer, type TestServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";

const { values } = parseArgs({
  options: {
    concurrency: { type: "string", default: "50" },
    rounds: { type: "string", default: "8" },
    tokens: { type: "string", default: "100" },
    "token-ms": { type: "string", default: "10" },
    budget: { type: "string" },
  },
});
const budgetUsd = values.budget === undefined ? null : Number(values.budget);
const options = {
  concurrency: Number(values.concurrency),
  rounds: Number(values.rounds),
  tokens: Number(values.tokens),
  tokenMs: Number(values["token-ms"]),
};
if (!Object.values(options).every((n) => Number.isInteger(n) && n > 0) || (budgetUsd !== null && !(budgetUsd > 0))) {
  console.error("Usage: npm run bench:gateway -- [--concurrency N] [--rounds N] [--tokens N] [--token-ms MS] [--budget USD]");
  process.exit(2);
}

interface Timing {
  ttfbMs: number;
  ttlbMs: number;
}

async function startUpstream(): Promise<{ child: ChildProcess; baseUrl: string; apiKey: string }> {
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/bench/gateway-upstream.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  return { child, ...(JSON.parse(first) as { baseUrl: string; apiKey: string }) };
}

/** One streaming call, read to its end: when its first and last bytes arrived. */
async function streamOnce(baseUrl: string, apiKey: string, prompt: string): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", "X-Parley-Agent": "bench" },
    body: JSON.stringify({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  if (!response.ok || !response.body) throw new Error(`${baseUrl} answered ${response.status}: ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let ttfbMs = -1;
  let tail = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (ttfbMs < 0) ttfbMs = performance.now() - started;
    tail = (tail + decoder.decode(value, { stream: true })).slice(-64);
  }
  if (!tail.includes("[DONE]")) throw new Error("a stream ended before [DONE]");
  return { ttfbMs, ttlbMs: performance.now() - started };
}

const round = (baseUrl: string, apiKey: string, prompt: string) =>
  Promise.all(Array.from({ length: options.concurrency }, () => streamOnce(baseUrl, apiKey, prompt)));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function summary(timings: Timing[]) {
  const ttfb = timings.map((t) => t.ttfbMs).sort((a, b) => a - b);
  const ttlb = timings.map((t) => t.ttlbMs).sort((a, b) => a - b);
  return {
    calls: timings.length,
    ttfb_p50_ms: percentile(ttfb, 50),
    ttfb_p99_ms: percentile(ttfb, 99),
    ttlb_p50_ms: percentile(ttlb, 50),
    ttlb_p99_ms: percentile(ttlb, 99),
  };
}

async function gatewayCounters(server: TestServer, key: string) {
  const res = await fetch(`${server.url}/api/v1/gateway`, { headers: { Authorization: `Bearer ${key}` } });
  return ((await res.json()) as { tap: Record<string, number> }).tap;
}

buildIfStale();
const upstream = await startUpstream();
const server = await startServer({
  env: { OPENAI_API_KEY: upstream.apiKey, OPENAI_BASE_URL: upstream.baseUrl, PARLEY_GATEWAY_RPM: "1000000" },
});
try {
  const watcherKey = await server.apiKey(["subscribe:gateway"]);
  const key = budgetUsd === null ? await server.apiKey(["gateway"]) : await gatewayKeyWith(server, { budget_usd: budgetUsd });
  const watcher = await server.stream("gateway", { key: watcherKey });
  const through = `${server.url}/api/v1/gateway/openai/v1`;
  const prompt = `TOKENS:${options.tokens} SLOW:${options.tokenMs}`;
  console.log(
    `▸ ${options.concurrency} concurrent streaming calls × ${options.rounds} rounds each way; ${options.tokens} chunks ${options.tokenMs} ms apart per answer${budgetUsd === null ? "" : `; a $${budgetUsd} daily budget on the key`}`,
  );
  // Warm-up (connections, JIT, the server's first compile of each route), not measured.
  await round(upstream.baseUrl, upstream.apiKey, prompt);
  await round(through, key, prompt);
  const direct: Timing[] = [];
  const viaParley: Timing[] = [];
  for (let i = 0; i < options.rounds; i++) {
    direct.push(...(await round(upstream.baseUrl, upstream.apiKey, prompt)));
    viaParley.push(...(await round(through, key, prompt)));
  }
  const counters = await gatewayCounters(server, watcherKey);
  const completed = watcher.envelopes.filter((e) => e.type === "gateway.completed").length;
  watcher.abort();

  const d = summary(direct);
  const p = summary(viaParley);
  const rows: [string, keyof typeof d][] = [
    ["time to first byte p50 (ms)", "ttfb_p50_ms"],
    ["time to first byte p99 (ms)", "ttfb_p99_ms"],
    ["time to last byte p50 (ms)", "ttlb_p50_ms"],
    ["time to last byte p99 (ms)", "ttlb_p99_ms"],
  ];
  console.log(`\n${"".padEnd(30)}${"direct".padStart(10)}${"via Parley".padStart(12)}${"added".padStart(10)}`);
  for (const [label, k] of rows) {
    console.log(
      `${label.padEnd(30)}${d[k].toFixed(1).padStart(10)}${p[k].toFixed(1).padStart(12)}${(p[k] - d[k]).toFixed(1).padStart(10)}`,
    );
  }
  console.log(`\ncalls: ${d.calls} direct, ${p.calls} via Parley; gateway.completed seen by the watcher: ${completed}`);
  console.log(`tap: ${JSON.stringify(counters)}`);
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/gateway-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  const machine = { cpus: os.cpus().length, node: process.version };
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine,
        options: { ...options, budget_usd: budgetUsd },
        direct: d,
        via_parley: p,
        completed,
        tap: counters,
      },
      null,
      2,
    ),
  );
  console.log(`Results written to ${file}`);
} finally {
  await server.stop();
  upstream.child.kill("SIGTERM");
}
