// `npm run soak [-- --duration 120]`: a hostile load on a production build (`next start` as `npm start`
// runs it: embedded database in a data directory of its own, memory hub; `--redis` for the upstash hub),
// for a bounded time, while the server's memory, its data directory, /api/health and a normal client's
// stream are held to stated bounds. Prints a row per interval and a summary; exits 1 when a bound broke
// or the server died, 2 on bad options. Not part of `npm test`. Options: scripts/soak/options.ts.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startServer, type TestServer } from "../../tests/support/server";
import { buildIfStale } from "../build-if-stale.mjs";
import { type Armed, arm, describeArmed, type Launched, launch } from "./attack";
import { Monitor, type Row } from "./monitor";
import { NormalClient } from "./normal-client";
import { parseOptions, type SoakOptions, USAGE } from "./options";
import { HealthProbe, ProcessMemory } from "./probes";
import { type SoakRedis, soakRedis } from "./redis";
import { formatRow, formatSummary, tableHeader } from "./report";
import { Tally } from "./tally";
import { type Attacker, attacker, pause } from "./visitor";

let options: SoakOptions | null;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (!options) {
  console.log(USAGE);
  process.exit(0);
}
const soak: SoakOptions = options;

const soakId = `soak-${randomBytes(3).toString("hex")}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-soak-"));
const stopAttack = new AbortController();
const attackers: Attacker[] = [];
let server: TestServer | null = null;
let redis: SoakRedis | null = null;

let cleaning: Promise<void> | null = null;
/** Stops what the soak started (its server, by its own child process) and removes what it wrote; once. */
function cleanUp(): Promise<void> {
  cleaning ??= removeEverything();
  return cleaning;
}

async function removeEverything(): Promise<void> {
  stopAttack.abort();
  for (const a of attackers) a.client.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (redis) {
    const fragments = [soakId, ...attackers.flatMap((a) => [...a.runIds])];
    const deleted = await redis.cleanUp(fragments).catch(() => 0);
    console.log(`▸ removed ${deleted} Redis key(s) of this soak`);
    await redis.stop();
  }
}

// A first signal ends the attack early (the summary still comes); a second one stops at once.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) {
      console.error(`\n▸ ${signal} again: stopping the server and cleaning up now`);
      void cleanUp().finally(() => process.exit(130));
      return;
    }
    interrupted = true;
    console.error(`\n▸ ${signal}: ending the attack; the summary follows, then the server is stopped`);
    stopAttack.abort();
  });
}

// Last resort: whatever escapes (a bug of the soak's own), the server it started must not outlive it.
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error: unknown) => {
    console.error(`✖ the soak failed (${event}): ${error instanceof Error ? error.stack : String(error)}`);
    void cleanUp().finally(() => process.exit(1));
  });
}

async function main(): Promise<number> {
  buildIfStale();
  if (soak.redis) redis = await soakRedis();
  const started = await startServer({ env: { PARLEY_DATA_DIR: dataDir, ...redis?.env } });
  server = started;
  const pid = started.process.pid as number;
  console.log(`▸ server pid ${pid} on ${started.url}, data dir ${dataDir}, hub: ${soak.redis ? "upstash (bridge)" : "memory"}`);

  const normal = await NormalClient.start(started, `${soakId}-normal`);
  const tally = new Tally();
  const armed = await armAttackers(new URL(started.url), tally);

  const memory = new ProcessMemory(pid);
  const baseline = memory.sample();
  console.log(
    `▸ RSS before the attack ${Math.round((baseline?.rssBytes ?? 0) / 2 ** 20)} MiB; attacking for ${soak.durationS} s…\n`,
  );
  // Probes wait well past the bound, so that the table shows how slow the server really was.
  const health = new HealthProbe(started.url, Math.max(30_000, 2 * soak.bounds.healthMs));
  health.start();
  const launched = armed.map((a) => launch(a, soak));
  const monitor = new Monitor(
    {
      memory,
      dataDir,
      health,
      normal,
      tally,
      slowHeld: () => launched.reduce((n, l) => n + (l.slow?.stats.held ?? 0), 0),
      redis,
    },
    soak.bounds,
  );
  started.process.once("exit", (code, signal) => monitor.breach("server alive", `the server exited (${signal ?? code})`));

  const rows = await watch(monitor, started);
  stopAttack.abort();
  // A flood's request still in flight ends with the server at the latest.
  await Promise.race([Promise.all(launched.map((l) => l.done)), sleep(5000)]);
  const { lost } = await normal.stop(soak.bounds.deliveryMs);
  if (lost > 0) monitor.breach("delivery", `${lost} accepted event(s) never reached the normal reader`);
  health.stop();
  monitor.absorbHealth();
  printSummary({ monitor, rows, health, normal, lost, launched, tally });
  if (monitor.serverGone) printServerEnd(started);
  return monitor.breaches.size > 0 ? 1 : 0;
}

/** Each attacker address prepares what it needs (identities, keys, a public run), one after the other. */
async function armAttackers(origin: URL, tally: Tally): Promise<Armed[]> {
  const armed: Armed[] = [];
  for (let i = 0; i < soak.addresses; i++) {
    const a = attacker(origin, `127.0.0.${i + 2}`, `${soakId}-a${i + 2}`, tally, stopAttack.signal);
    attackers.push(a);
    armed.push(await arm(a, soak));
    console.log(`▸ attacker ${describeArmed(armed.at(-1)!, soak)}`);
  }
  return armed;
}

/** Ticks once a second and prints a row per interval until the time is up (or the server is gone). */
async function watch(monitor: Monitor, started: TestServer): Promise<Row[]> {
  const rows: Row[] = [];
  console.log(tableHeader(soak.redis));
  let nextRowAt = soak.intervalS;
  while (monitor.elapsedS < soak.durationS) {
    await pause(1000 - ((monitor.elapsedS * 1000) % 1000), stopAttack.signal);
    await monitor.tick();
    // The server's output is kept for its last words only.
    if (started.logs.length > 400) started.logs.splice(0, started.logs.length - 200);
    const ending =
      monitor.serverGone ||
      monitor.breaches.has("Redis memory") ||
      (soak.stopOnBreach && monitor.breaches.size > 0) ||
      stopAttack.signal.aborted;
    if (monitor.elapsedS >= nextRowAt || ending) {
      rows.push(monitor.row());
      console.log(formatRow(rows.at(-1)!));
      nextRowAt += soak.intervalS;
    }
    if (ending) break;
  }
  if (rows.length === 0 || monitor.elapsedS > rows.at(-1)!.atS + 1) {
    rows.push(monitor.row());
    console.log(formatRow(rows.at(-1)!));
  }
  return rows;
}

interface Ended {
  monitor: Monitor;
  rows: Row[];
  health: HealthProbe;
  normal: NormalClient;
  lost: number;
  launched: Launched[];
  tally: Tally;
}

function printSummary({ monitor, rows, health, normal, lost, launched, tally }: Ended) {
  console.log(
    formatSummary({
      durationS: monitor.elapsedS,
      totals: tally.snapshot(),
      normal: { ...normal.figures, lost },
      health: {
        latencies: health.samples.map((s) => s.latencyMs),
        bad: health.samples.filter((s) => s.outcome !== 200 || s.latencyMs > soak.bounds.healthMs).length,
      },
      delivery: rows.flatMap((r) => r.delivery),
      highest: monitor.highest,
      slowLifetimesMs: launched.flatMap((l) => l.slow?.stats.lifetimesMs ?? []),
      bounds: soak.bounds,
      breaches: [...monitor.breaches.values()],
      redis: soak.redis,
    }),
  );
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  const cpu = process.cpuUsage();
  console.log(
    `\n(the soak itself: RSS ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MiB, ` +
      `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s; machine: ${os.cpus().length} CPUs, load ${load})`,
  );
}

/** The server's output from its fatal error on (V8's "JavaScript heap out of memory"), else its last lines. */
function printServerEnd(started: TestServer) {
  const all = started.logs.join("").trimEnd().split("\n");
  const fatal = all.findIndex((l) => /FATAL ERROR|out of memory/i.test(l));
  const lines = fatal >= 0 ? all.slice(fatal, fatal + 8) : all.slice(-15);
  console.log(`\nThe server's last words:\n${lines.map((l) => `  | ${l}`).join("\n")}`);
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`✖ the soak could not run: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  await cleanUp();
}
process.exit(interrupted ? 130 : code);
