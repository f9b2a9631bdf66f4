// `npm run apikey` on the embedded database says which database the key went to — the folder's own when
// no server holds it, or through the server that does — and the key works for a server on that folder.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, TEST_SECRET, type TestServer } from "@/tests/support/server";

const dataDir = mkdtempSync(path.join(tmpdir(), "parley-apikey-"));
// The embedded database, whatever the tier's DATABASE_URL says.
const env = { PARLEY_DATA_DIR: dataDir, DATABASE_URL: "", PARLEY_SECRET: TEST_SECRET };

function apikey(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/apikey.ts", ...args],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run apikey on the embedded database", () => {
  let server: TestServer | null = null;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes to the folder's database when no server holds it, says so, and a server there accepts the key", async () => {
    const made = await apikey("--name", "offline", "--json");
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toContain(`Written to the embedded database in ${dataDir} (no server holds it now`);
    const { key } = JSON.parse(made.stdout) as { key: string };

    server = await startServer({ env });
    const published = await server.publish("apikey-check", { type: "check.done", data: {} }, key);
    expect(published.status).toBe(201);
  }, 120_000);

  it("goes through the server that holds the folder's database, and names it", async () => {
    expect(server).not.toBeNull();
    const made = await apikey("--name", "online", "--json");
    expect(made.code, made.stderr).toBe(0);
    const pid = server?.process.pid;
    expect(made.stderr).toContain(`Written to the embedded database in ${dataDir}, through the server holding it (pid ${pid}`);
    const { key } = JSON.parse(made.stdout) as { key: string };
    const published = await server?.publish("apikey-check", { type: "check.done", data: {} }, key);
    expect(published?.status).toBe(201);
  }, 120_000);
});
