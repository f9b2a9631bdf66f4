// cc-orchestra's document ("StreamEventBroadcaster Implementation Summary", seed 004) prints no client of an
// HTTP API: its blocks are its daemon's own Rust (the broadcaster, the gateway's sends, an in-process
// subscriber) and cargo commands. What they describe — every streaming call through an LLM gateway announced
// to watchers as Started {request_id, model, agent_type} → TextDelta {request_id, text}… → Completed
// {request_id, input_tokens, output_tokens, cost_usd} or Error {request_id, message} — is Parley's gateway tap.
// Checked here the way a cc-orchestra user would try it on Parley: curl follows the `gateway` channel while
// curl makes the document's example call (snippets/cc-orchestra/, Parley's, not the document's).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OwnDatabase, ownDatabase } from "@/tests/support/database";
import type { TestServer } from "@/tests/support/server";
import { onServer, run, shell, snippet, startConformanceServer } from "./support";

let database: OwnDatabase;
let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  database = await ownDatabase();
  server = await startConformanceServer({ ...database.env, PARLEY_DEMO_TOKEN_MS: "3" });
  const [gatewayKey, watchKey] = await Promise.all([server.apiKey(["gateway"]), server.apiKey(["subscribe:gateway"])]);
  env = { GATEWAY_KEY: gatewayKey, WATCH_KEY: watchKey };
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

interface TapEvent {
  type: string;
  data: Record<string, unknown>;
}

const tapEvents = (stdout: string): TapEvent[] =>
  stdout
    .split("\n")
    .filter((l) => l.startsWith("data: "))
    .map((l) => JSON.parse(l.slice(6)) as TapEvent);

describe("cc-orchestra's gateway stream events", () => {
  it("a streaming call is watched as Started → TextDelta… → Completed, with the document's fields", async () => {
    const watch = shell(onServer(snippet("cc-orchestra/tap-watch.sh"), server), { env });
    try {
      await watch.waitFor((out) => out.includes("retry:"));
      const call = await run(onServer(snippet("cc-orchestra/streaming-call.sh"), server), { env });
      expect(call.code, call.stderr).toBe(0);
      expect(call.stdout).toContain("event: message_stop");
      await watch.waitFor((out) => out.includes('"type":"gateway.completed"'));
      const events = tapEvents(watch.stdout());
      const started = events.find((e) => e.type === "gateway.request_started");
      // Started {request_id, model, agent_type}: the agent is the X-Parley-Agent header.
      expect(started?.data).toMatchObject({
        request_id: expect.any(String),
        model: "claude-sonnet-4-5-20250929",
        agent: "python-expert",
      });
      const requestId = started?.data.request_id;
      const deltas = events.filter((e) => e.type === "gateway.text_delta");
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.every((e) => e.data.request_id === requestId && typeof e.data.text === "string")).toBe(true);
      const answered = [...call.stdout.matchAll(/"text_delta","text":"((?:[^"\\]|\\.)*)"/g)]
        .map((m) => JSON.parse(`"${m[1]}"`))
        .join("");
      expect(deltas.map((e) => e.data.text).join("")).toBe(answered);
      // Completed {request_id, input_tokens, output_tokens, cost_usd}.
      expect(events.find((e) => e.type === "gateway.completed")?.data).toMatchObject({
        request_id: requestId,
        input_tokens: expect.any(Number),
        output_tokens: expect.any(Number),
        cost_usd: expect.any(Number),
      });
    } finally {
      watch.kill();
    }
  });
});
