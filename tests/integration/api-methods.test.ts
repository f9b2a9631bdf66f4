// Every method on every API route file, on a real server: what a route serves answers in the documented
// error shape whenever it fails, what it does not serve is a 405 in that shape with `Allow`, OPTIONS says
// the same `Allow`, and the catch-alls answer 404 to everything. Route files are found on disk, so a new
// route that forgets `otherMethods(…)` fails here (Next's own 405 is an empty body).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";

type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const API_METHODS: ApiMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const ALL_METHODS = [...API_METHODS, "HEAD", "OPTIONS"] as const;
const APP = path.join(process.cwd(), "app");
/** Route files that are "no such endpoint" for every method, in Parley's shape or a provider's. */
const UNKNOWN_PATHS = [
  "api/[[...unknown]]",
  "api/bench-floor/[op]",
  "api/bench-peer/[peer]/[op]",
  "api/v1/gateway/openai/[...path]",
  "api/v1/gateway/anthropic/[...path]",
];

interface RouteFile {
  dir: string;
  url: string;
  served: ApiMethod[];
  shape: "parley" | "openai" | "anthropic";
}

function routeFiles(): RouteFile[] {
  const files = readdirSync(path.join(APP, "api"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"));
  return files.map((file) => {
    const dir = path.dirname(path.join("api", file));
    const source = readFileSync(path.join(APP, "api", file), "utf8");
    const refused = new Set(
      [...source.matchAll(/export const \{([^}]*)\} = other(?:Gateway)?Methods\(/g)].flatMap((m) =>
        (m[1] ?? "").split(",").map((s) => s.trim()),
      ),
    );
    const exported = [...source.matchAll(/^export (?:const|async function|function) ([A-Z]+)\b/gm)].map((m) => m[1]);
    const served = API_METHODS.filter((m) => exported.includes(m) && !refused.has(m));
    // Placeholders for the dynamic segments: ids nobody has, two segments for a catch-all.
    const url = `/${dir
      .split(path.sep)
      .map((s) =>
        s.startsWith("[...") || s.startsWith("[[...") ? "x/y" : s.startsWith("[") ? `${s.slice(1, -1)}_0000000000000000000` : s,
      )
      .join("/")}`;
    const shape = dir.includes("gateway/openai") ? "openai" : dir.includes("gateway/anthropic") ? "anthropic" : "parley";
    return { dir: dir.split(path.sep).join("/"), url, served, shape };
  });
}

/** RFC 9110's Allow for a resource serving `served`: HEAD comes with GET, OPTIONS always, sorted. */
function allowHeader(served: ApiMethod[]): string {
  const all = new Set<string>([...served, "OPTIONS", ...(served.includes("GET") ? ["HEAD"] : [])]);
  return [...all].sort().join(", ");
}

let server: TestServer;
beforeAll(async () => {
  // Hundreds of lookups of ids that do not exist: not a guesser to hold back here.
  server = await startServer({ env: { PARLEY_RATE_LIMIT_SCALE: "1000" } });
});
afterAll(() => server?.stop());

async function send(method: string, url: string) {
  const hasBody = method === "POST" || method === "PUT" || method === "PATCH";
  const res = await fetch(`${server.url}${url}`, {
    method,
    redirect: "manual",
    headers: hasBody ? { "Content-Type": "application/json" } : {},
    body: hasBody ? "{}" : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  // A served GET may be a stream that never ends: only what an error says is read.
  if (res.status < 400 || method === "HEAD") {
    await res.body?.cancel();
    return { res, body: null };
  }
  const type = res.headers.get("content-type") ?? "";
  return { res, body: type.includes("application/json") ? ((await res.json()) as Record<string, unknown>) : await res.text() };
}

/** The documented error shape: Parley's {error: {code, message}}, or the provider's own under the gateway. */
function expectErrorShape(body: unknown, shape: RouteFile["shape"], where: string) {
  if (shape === "anthropic") {
    expect(body, where).toMatchObject({ type: "error", error: { type: expect.any(String), message: expect.any(String) } });
  } else if (shape === "openai") {
    expect(body, where).toMatchObject({ error: { type: expect.any(String), message: expect.any(String) } });
  } else {
    expect(body, where).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }
}

describe("every method on every API route", () => {
  const routes = routeFiles();

  it("finds the route files", () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const dir of UNKNOWN_PATHS) expect(routes.map((r) => r.dir)).toContain(dir);
  });

  it.each(routes.filter((r) => !UNKNOWN_PATHS.includes(r.dir)).map((r) => [r.dir, r] as const))(
    "%s: 405 with Allow for what it does not serve, the error shape for every failure",
    async (where, route) => {
      expect(route.served.length, `${where} serves nothing?`).toBeGreaterThan(0);
      const allow = allowHeader(route.served);
      for (const method of ALL_METHODS) {
        const { res, body } = await send(method, route.url);
        const at = `${method} ${route.url} → ${res.status} ${typeof body === "string" ? body.slice(0, 100) : JSON.stringify(body)}`;
        const served = route.served.includes(method as ApiMethod) || (method === "HEAD" && route.served.includes("GET"));
        if (method === "OPTIONS") {
          expect(res.status, at).toBe(204);
          expect(res.headers.get("allow"), at).toBe(allow);
          continue;
        }
        if (!served) {
          expect(res.status, at).toBe(405);
          expect(res.headers.get("allow"), at).toBe(allow);
        } else {
          expect(res.status, at).not.toBe(405);
        }
        if (res.status >= 400 && method !== "HEAD") expectErrorShape(body, route.shape, at);
      }
    },
  );

  it.each(UNKNOWN_PATHS.map((dir) => [dir, routes.find((r) => r.dir === dir)] as const))(
    "%s: no such endpoint, whatever the method",
    async (where, route) => {
      if (!route) throw new Error(`${where} is gone`);
      for (const method of ALL_METHODS) {
        const { res, body } = await send(method, route.url);
        const at = `${method} ${route.url} → ${res.status}`;
        expect(res.status, at).toBe(404);
        if (method !== "HEAD") expectErrorShape(body, route.shape, at);
      }
    },
  );
});

describe("answers Next gives before a route runs", () => {
  it("a trailing slash redirects to the route, whose wrong method is then a 405 in the error shape", async () => {
    const slash = await fetch(`${server.url}/api/v1/collaborate/ses_0000000000000000000/participants/`, {
      method: "PATCH",
      redirect: "manual",
    });
    expect([307, 308]).toContain(slash.status);
    await slash.body?.cancel();
    const followed = await fetch(`${server.url}/api/v1/collaborate/ses_0000000000000000000/participants/`, { method: "PATCH" });
    expect(followed.status).toBe(405);
    expect(followed.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await followed.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });

  it("the API's root is an API path too: JSON 404, not the HTML page", async () => {
    for (const url of ["/api", "/api/"]) {
      const res = await fetch(`${server.url}${url}`);
      expect(res.status, url).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such API endpoint: GET /api" } });
    }
  });

  it("DELETE on the sessions collection is a 405 in the error shape (the fuzzer's example)", async () => {
    const res = await fetch(`${server.url}/api/v1/collaborate`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("OPTIONS, POST");
    expect(await res.json()).toEqual({
      error: { code: "method_not_allowed", message: "DELETE is not allowed here; use POST" },
    });
  });
});
