import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { freePort } from "./tests/support/free-port";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from "./tests/support/oidc-client.mjs";

// The server listens on E2E_PORT when it is set, else on a port that is free now. Playwright evaluates
// this file in the runner and again in every worker: the runner chooses, and the workers (and the web
// server) inherit its choice through the environment, so every process agrees on one port.
process.env.E2E_PORT ||= String(await freePort());
const port = Number(process.env.E2E_PORT);
// A second Parley with sign-in configured (e2e/accounts.spec.ts), and the OpenID Connect provider it uses.
process.env.E2E_ACCOUNTS_PORT ||= String(await freePort());
process.env.E2E_OIDC_PORT ||= String(await freePort());
const accountsPort = Number(process.env.E2E_ACCOUNTS_PORT);
const oidcPort = Number(process.env.E2E_OIDC_PORT);
export const ACCOUNTS_URL = `http://127.0.0.1:${accountsPort}`;
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
  webServer: [
    {
      command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      // The scripted AG-UI agents of e2e/ag-ui.spec.ts listen on loopback ports chosen at run time.
      env: { ...serverEnv(port, "memory://e2e"), PARLEY_AG_UI_ALLOWED_HOSTS: "127.0.0.1" },
    },
    {
      // A real OpenID Connect provider (oidc-provider) on loopback: tests/support/oidc-provider.mjs.
      command: `node tests/support/oidc-provider.mjs --port ${oidcPort} --redirect ${ACCOUNTS_URL}/api/auth/callback/oidc`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node node_modules/next/dist/bin/next start -p ${accountsPort} -H 127.0.0.1`,
      url: `${ACCOUNTS_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        ...serverEnv(accountsPort, "memory://e2e-accounts"),
        PARLEY_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        PARLEY_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
        PARLEY_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
        PARLEY_OIDC_NAME: "Test SSO",
      },
    },
  ],
});

function serverEnv(serverPort: number, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(serverPort),
    PARLEY_SECRET: E2E_SECRET,
    PARLEY_DATA_DIR: dataDir,
    // Streams end every few seconds, so every test also exercises reconnection.
    PARLEY_STREAM_MAX_MS: "4000",
  };
}
