// Starts a real `next start` server of the production build for a test, on a free port.
import { type ChildProcess, spawn } from "node:child_process";
import { mintAdminToken } from "@/lib/auth/tokens";
import { freePort } from "./free-port";
import { closeStream, readSse, type SseReader } from "./sse-reader";

export { freePort } from "./free-port";

export const TEST_SECRET = "integration-test-secret-0123456789abcdef";

export interface TestServer {
  url: string;
  port: number;
  process: ChildProcess;
  logs: string[];
  apiKey(scopes?: string[]): Promise<string>;
  publish(channel: string, body: unknown, key: string): Promise<Response>;
  stream(
    channel: string,
    options: { key?: string; token?: string; lastEventId?: string | null; types?: string },
  ): Promise<Stream>;
  /** /api/health with its details (an admin token: the figures are not public). */
  health(): Promise<Health>;
  stop(): Promise<void>;
}

export interface Stream extends SseReader {
  response: Response;
  abort(): void;
}

export interface Health {
  status: string;
  hub: { subscribers: number; channels: number };
  streams: { open: number; timers: number; opened_total: number; cut_off_total: number };
  memory: { rss_bytes: number };
}

export async function startServer(
  options: { env?: Record<string, string>; port?: number; nodeArgs?: string[]; healthPath?: string } = {},
): Promise<TestServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        PARLEY_SECRET: TEST_SECRET,
        PARLEY_DATA_DIR: `memory://test-${port}`,
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => logs.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${logs.join("")}`);
    const ok = await fetch(`${url}${options.healthPath ?? "/api/health"}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${logs.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const server: TestServer = {
    url,
    port,
    process: child,
    logs,
    async apiKey(scopes) {
      const res = await fetch(`${url}/api/v1/admin/api-keys`, {
        method: "POST",
        headers: { Authorization: `Bearer ${mintAdminToken(TEST_SECRET).token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "test", ...(scopes && { scopes }) }),
      });
      if (res.status !== 201) throw new Error(`api key: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { key: string }).key;
    },
    publish(channel, body, key) {
      return fetch(`${url}/api/v1/channels/${channel}/events`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    },
    async stream(channel, { key, token, lastEventId, types }) {
      const abort = new AbortController();
      const params = new URLSearchParams();
      if (token) params.set("token", token);
      if (types) params.set("types", types);
      const headers: Record<string, string> = {};
      if (key) headers.Authorization = `Bearer ${key}`;
      if (lastEventId) headers["Last-Event-ID"] = lastEventId;
      const response = await fetch(`${url}/api/v1/channels/${channel}/stream?${params}`, { headers, signal: abort.signal });
      if (!response.ok || !response.body) throw new Error(`stream: ${response.status} ${await response.text()}`);
      const reader = readSse(response.body);
      return Object.assign(reader, { response, abort: () => closeStream(abort, reader) });
    },
    async health() {
      const res = await fetch(`${url}/api/health`, { headers: { Authorization: `Bearer ${mintAdminToken(TEST_SECRET).token}` } });
      if (!res.ok) throw new Error(`health: ${res.status} ${await res.text()}`);
      return (await res.json()) as Health;
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      // Open streams can hold a graceful shutdown; a test server need not wait for them.
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  return server;
}

/** Publishes `count` events in batches of 100 and returns their ids in order. */
export async function publishMany(
  server: TestServer,
  channel: string,
  key: string,
  count: number,
  data: (i: number) => unknown = (i) => ({ i }),
) {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 100) {
    const events = Array.from({ length: Math.min(100, count - start) }, (_, k) => ({
      type: "test.event",
      data: data(start + k),
    }));
    const res = await server.publish(channel, { events }, key);
    if (res.status !== 201) throw new Error(`publish: ${res.status} ${await res.text()}`);
    ids.push(...((await res.json()) as { events: { id: string }[] }).events.map((e) => e.id));
  }
  return ids;
}
