// Installs dependencies when they are missing or older than package-lock.json. Plain Node: it runs
// before anything is installed.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const STAMP = "node_modules/.parley-installed";

function lockHash() {
  return createHash("sha256")
    .update(readFileSync("package.json"))
    .update(existsSync("package-lock.json") ? readFileSync("package-lock.json") : "")
    .digest("hex");
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\n✖ \`${command} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

export function ensureInstalled() {
  const wanted = lockHash();
  const installed = existsSync(STAMP) ? readFileSync(STAMP, "utf8").trim() : null;
  if (installed !== wanted || !existsSync("node_modules/next")) {
    console.log("▸ Installing dependencies…");
    // `npm install` keeps the locked versions; `npm ci` would refuse this lock file, which npm 11 writes
    // without other platforms' optional packages. postinstall generates the Prisma client.
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
    writeFileSync(STAMP, lockHash());
  }
  if (!existsSync("lib/db/generated/client.ts")) run("npx", ["prisma", "generate"]);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureInstalled();
