// `npm start`: install what is missing, prepare the embedded database, build, and serve on PORT (3000).
// `npm run dev` does the same but serves with hot reload instead of building.
import { spawn, spawnSync } from "node:child_process";
import { ensureInstalled } from "./ensure-install.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const dev = process.argv.includes("--dev");
const port = process.env.PORT || "3000";

ensureInstalled();

const setup = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/setup.ts"], { stdio: "inherit" });
if (setup.status !== 0) process.exit(setup.status || 1);

if (!dev) {
  const { buildIfStale } = await import("./build-if-stale.mjs");
  buildIfStale();
}

console.log(`▸ Parley on http://localhost:${port}${dev ? " (dev, hot reload)" : ""}`);
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", dev ? "dev" : "start", "-p", port], {
  stdio: "inherit",
  env: { ...process.env, PORT: port },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
