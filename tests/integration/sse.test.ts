// SSE bytes from a real `next start` server: ids, resume, filter, keepalive, max duration.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareCursors } from "@/lib/events/cursor";
import { publishMany, startServer, type TestServer } from "@/tests/support/server";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startServer({ env: { PARLEY_KEEPALIVE_MS: "300", PARLEY_STREAM_MAX_MS: "2500" } });
  key = await server.apiKey();
});
afterAll(() => server?.stop());

describe("channel stream over HTTP", () => {
  it("streams envelopes with strictly increasing ids and the documented headers", async () => {
    const s = await server.stream("sse-ids", { key });
    expect(s.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(s.response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(s.response.headers.get("x-accel-buffering")).toBe("no");
    const ids = await publishMany(server, "sse-ids", key, 250);
    await s.waitFor((r) => r.envelopes.length === 250);
    s.abort();
    expect(s.retry).toBe(2000);
    expect(s.envelopes.map((e) => e.id)).toEqual(ids);
    expect(s.events.map((e) => e.id)).toEqual(ids);
    for (let i = 1; i < ids.length; i++) expect(compareCursors(ids[i]!, ids[i - 1]!)).toBeGreaterThan(0);
    expect(s.envelopes[0]).toMatchObject({ channel: "ch:sse-ids", type: "test.event", data: { i: 0 } });
    expect(new Date(s.envelopes[0]!.ts).toISOString()).toBe(s.envelopes[0]!.ts);
  });

  it("starts from now without a cursor, and resumes with exactly the missed events", async () => {
    await publishMany(server, "sse-resume", key, 3);
    const first = await server.stream("sse-resume", { key });
    const seen = await publishMany(server, "sse-resume", key, 5);
    await first.waitFor((r) => r.envelopes.length === 5);
    first.abort();
    expect(first.envelopes.map((e) => e.id)).toEqual(seen);

    const missed = await publishMany(server, "sse-resume", key, 7);
    const second = await server.stream("sse-resume", { key, lastEventId: first.lastEventId });
    const live = await publishMany(server, "sse-resume", key, 2);
    await second.waitFor((r) => r.envelopes.length === 9);
    second.abort();
    expect(second.envelopes.map((e) => e.id)).toEqual([...missed, ...live]);
  });

  it("accepts the cursor as ?last_event_id= for clients that cannot set headers", async () => {
    const ids = await publishMany(server, "sse-query", key, 4);
    const res = await fetch(`${server.url}/api/v1/channels/sse-query/stream?last_event_id=${ids[1]}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    const { readSse } = await import("@/tests/support/sse-reader");
    const s = readSse(res.body!);
    await s.waitFor((r) => r.envelopes.length === 2);
    await s.cancel();
    expect(s.envelopes.map((e) => e.id)).toEqual(ids.slice(2));
  });

  it("filters by exact type and by prefix", async () => {
    const s = await server.stream("sse-filter", { key, types: "agent.*,run.completed" });
    const types = ["agent.token", "run.progress", "agent.turn_completed", "ingest.job.updated", "run.completed", "agentx.y"];
    const body = {
      events: types.map((type) =>
        type === "run.progress"
          ? { type, data: { completed_steps: 1, total_steps: 2, est_remaining_ms: 10, cost_usd: 0 } }
          : type === "run.completed"
            ? {
                type,
                data: { success: true, summary: "", usage: { input_tokens: 1, output_tokens: 1, cost_usd: 0 }, duration_ms: 1 },
              }
            : type === "agent.token"
              ? { type, data: { turn_id: "t", agent: "a", text: "x" } }
              : type === "agent.turn_completed"
                ? {
                    type,
                    data: {
                      turn_id: "t",
                      agent: "a",
                      model: "demo",
                      text: "x",
                      input_tokens: 1,
                      output_tokens: 1,
                      cost_usd: 0,
                      latency_ms: 1,
                    },
                  }
                : { type, data: {} },
      ),
    };
    expect((await server.publish("sse-filter", body, key)).status).toBe(201);
    await s.waitFor((r) => r.envelopes.length === 3);
    await publishMany(server, "sse-filter", key, 1);
    s.abort();
    expect(s.envelopes.map((e) => e.type)).toEqual(["agent.token", "agent.turn_completed", "run.completed"]);
  });

  it("sends keepalive comments while the channel is quiet", async () => {
    const s = await server.stream("sse-quiet", { key });
    await s.waitFor((r) => r.comments.filter((c) => c === "keepalive").length >= 2, 5000);
    s.abort();
  });

  it("ends the stream at the maximum duration, and a reconnect with the last id loses nothing", async () => {
    const channel = "sse-maxdur";
    const received: string[] = [];
    const published: string[] = [];
    let lastEventId: string | null = null;
    let streamsEnded = 0;
    let publishing = true;
    const publisher = (async () => {
      for (let i = 0; i < 60; i++) {
        published.push(...(await publishMany(server, channel, key, 5)));
        await new Promise((r) => setTimeout(r, 100));
      }
      publishing = false;
    })();
    while (publishing || received.length < published.length) {
      const s = await server.stream(channel, { key, lastEventId });
      const outcome = await Promise.race([
        s.ended,
        s
          .waitFor(() => !publishing && received.length + s.envelopes.length >= published.length, 8000)
          .then(
            () => "done" as const,
            () => "timeout" as const,
          ),
      ]);
      received.push(...s.envelopes.map((e) => e.id));
      // A connection that ended before its first frame leaves the cursor as it was (as EventSource does).
      lastEventId = s.lastEventId ?? lastEventId;
      if (outcome === "end") streamsEnded++;
      s.abort();
      if (outcome === "done") break;
    }
    await publisher;
    expect(streamsEnded).toBeGreaterThanOrEqual(2);
    expect(received).toEqual(published);
  });
});
