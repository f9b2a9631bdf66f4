import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { freePort } from "./tests/support/free-port";

// The server listens on E2E_PORT when it is set, else on a port that is free now. Playwright evaluates
// this file in the runner and again in every worker: the runner chooses, and the workers (and the web
// server) inherit its choice through the environment, so every process agrees on one port.
process.env.E2E_PORT ||= String(await freePort());
const port = Number(process.env.E2E_PORT);
export const E2E_SECRET = "e2e-secret-e2e-secret-e2e-secret-0123";
const chromium = process.env.PARLEY_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  // Each run cleans and fills its own artifacts folder, so runs at the same time leave each other's alone.
  outputDir: `test-results/e2e-${port}`,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      ...(existsSync(chromium) && { executablePath: chromium }),
      // Root cannot use Chromium's sandbox; the rest keeps it off the (closed) network.
      args: [
        ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      PARLEY_SECRET: E2E_SECRET,
      PARLEY_DATA_DIR: "memory://e2e",
      // Streams end every few seconds, so every test also exercises reconnection.
      PARLEY_STREAM_MAX_MS: "4000",
      // The scripted AG-UI agents of e2e/ag-ui.spec.ts listen on loopback ports chosen at run time.
      PARLEY_AG_UI_ALLOWED_HOSTS: "127.0.0.1",
    },
  },
});
