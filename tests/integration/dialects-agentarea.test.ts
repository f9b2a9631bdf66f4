// AgentArea's dialect on a real server, as far as it is served: its health check at /health.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describe("AgentArea's health check", () => {
  it("GET /health answers as /api/health does, and hands out no identity", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("set-cookie")).toBeNull();
    // A page still gets one: the proxy's exclusion is /health alone.
    expect((await fetch(`${server.url}/healthy`)).headers.get("set-cookie")).toContain("parley");
  });
});
