// Hostile stream requests on a real server: unusable cursors, stream caps, readers removed from a session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRun } from "@/tests/support/run-client";
import { startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PARLEY_TRUST_USER_HEADER: "true", PARLEY_DEMO_TOKEN_MS: "20" } });
});
afterAll(() => server?.stop());

describe("an unusable cursor", () => {
  it("is a 400 that leaves no stream or timer behind, on channel and run streams, header or query", async () => {
    const key = await server.apiKey();
    const run = await startRun(server, { task: "cursor probe" });
    const cursors = ["9999999999999999-0", "1-9999999999999999", "9007199254740993-0"];
    const attempts: Promise<Response>[] = [];
    for (let i = 0; i < 20; i++) {
      const cursor = cursors[i % cursors.length]!;
      attempts.push(
        fetch(`${server.url}/api/v1/channels/probe/stream`, { headers: { Authorization: `Bearer ${key}`, "Last-Event-ID": cursor } }),
        fetch(`${server.url}/api/v1/runs/${run.run_id}/events?last_event_id=${cursor}`),
        fetch(`${server.url}/api/v1/events/orchestration/${run.run_id}`, { headers: { "Last-Event-ID": cursor } }),
      );
    }
    const responses = await Promise.all(attempts);
    for (const res of responses) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
    const health = await server.health();
    expect(health.streams).toMatchObject({ open: 0, timers: 0 });
  });
});
