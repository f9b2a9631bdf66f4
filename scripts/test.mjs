// `npm test`: installs what is missing, then runs every tier — lint, type check, unit, integration,
// conformance (the seed documents' clients), end-to-end in real Chromium — and closes with one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { ensureInstalled } from "./ensure-install.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const db = process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite";

function step(name, command, args, env = {}) {
  const t = Date.now();
  console.log(`\n━━ ${name} ━━`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(`${ok ? "✔" : "✖"} ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return ok;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const { stats } = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
  totals.skipped += stats.skipped ?? 0;
}

function finish(ok, why) {
  const secs = Math.round((Date.now() - started) / 1000);
  if (!ok) console.error(`\n✖ ${why}`);
  console.log(`\nDatabase: ${db} · ${secs} s`);
  // A tier that failed before any test ran (lint, types, build) still counts as a failure.
  const failed = ok ? totals.failed : Math.max(1, totals.failed);
  console.log(`tests: ${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`);
  process.exit(ok ? 0 : 1);
}

/** Installs a Debian package when its binary is missing and we may (root, apt-get). */
function aptInstall(binary, pkg) {
  if (existsSync(binary)) return true;
  const root = process.getuid?.() === 0;
  if (!root || !existsSync("/usr/bin/apt-get")) return false;
  console.log(`▸ Installing Debian's ${pkg} for the tests…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = update.status === 0 && spawnSync("apt-get", ["install", "-y", "-qq", pkg], { stdio: "inherit", env });
  return Boolean(install && install.status === 0 && existsSync(binary));
}

/** Debian's Chromium for Playwright (no browser downloads reach these machines). */
function ensureChromium() {
  const path = process.env.PARLEY_CHROMIUM ?? "/usr/bin/chromium";
  if (aptInstall(path, "chromium")) return true;
  console.error(
    `✖ No Chromium at ${path}. Install Debian's package (apt-get install chromium) or point PARLEY_CHROMIUM at a Chromium binary.`,
  );
  return false;
}

/** tmux gives the terminal client's tests a real terminal (tests/integration/cli-terminal.test.ts). */
function ensureTmux() {
  if (spawnSync("tmux", ["-V"]).status === 0 || aptInstall("/usr/bin/tmux", "tmux")) return true;
  console.error("✖ No tmux: the terminal client's tests drive a real terminal through it. Install it (apt-get install tmux).");
  return false;
}

ensureInstalled();
rmSync("test-results", { recursive: true, force: true });

if (!step("setup (secret, database migrations)", "npx", ["tsx", "--conditions=react-server", "scripts/setup.ts"]))
  finish(false, "setup failed");
if (!step("lint (biome)", "npx", ["biome", "check", "."])) finish(false, "lint failed: `npm run format` fixes formatting");
if (!step("type check (tsc)", "npm", ["run", "--silent", "typecheck"])) finish(false, "type check failed");

const unitOk = step("unit tests (vitest)", "npx", [
  "vitest",
  "run",
  "--project",
  "unit",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/unit.json",
]);
countVitest("test-results/unit.json");
if (!unitOk) finish(false, "unit tests failed");

const { buildIfStale } = await import("./build-if-stale.mjs");
buildIfStale();

if (!ensureTmux()) finish(false, "tmux is missing for the terminal client's tests");
// Integration and conformance files mostly wait on servers, streams and timers: more files at a time than
// cores (vitest's default on 2 cores is one at a time) — the test tiers' main cost in CI.
const FILES_AT_ONCE = "--maxWorkers=3";
const integrationOk = step("integration tests (vitest, real next start)", "npx", [
  "vitest",
  "run",
  "--project",
  "integration",
  FILES_AT_ONCE,
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/integration.json",
]);
countVitest("test-results/integration.json");
if (!integrationOk) finish(false, "integration tests failed");

if (!ensureChromium()) finish(false, "Chromium is missing for the conformance and end-to-end tests");
const conformanceOk = step("conformance (the seed documents' clients as written)", "npx", [
  "vitest",
  "run",
  "--project",
  "conformance",
  FILES_AT_ONCE,
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/conformance.json",
]);
countVitest("test-results/conformance.json");
if (!conformanceOk) finish(false, "conformance tests failed");

const e2eOk = step("end-to-end tests (Playwright, Chromium)", "npx", ["playwright", "test"]);
countPlaywright("test-results/e2e.json");
if (!e2eOk) finish(false, "end-to-end tests failed");

finish(true);
