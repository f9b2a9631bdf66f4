// `parley gateway` against a real server: --json prints the gateway's events of a call made with the
// official OpenAI client, in order; a pipe gets a line per call; a terminal gets the live dashboard; a
// missing or unfit key exits 3 with what to do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { parley, parleyToEnd } from "@/tests/support/cli";
import { gatewayOpenAI } from "@/tests/support/gateway";
import { startServer, type TestServer } from "@/tests/support/server";
import { hasTmux, openTerminal } from "@/tests/support/tmux";

let server: TestServer;
let key: string;

beforeAll(async () => {
  // Its own embedded database even on CI's PostgreSQL: the dashboard's last-hour totals are checked on the
  // screen, and a shared database holds other files' calls from the same hour.
  server = await startServer({ env: { PARLEY_DEMO_TOKEN_MS: "20", DATABASE_URL: "" } });
  key = await server.apiKey(["gateway", "subscribe:gateway"]);
});
afterAll(() => server?.stop());

const ask = (content: string) => ({ model: "gpt-4o-mini", messages: [{ role: "user" as const, content }] });
const requestIdOf = (events: Envelope[], agent: string) =>
  (
    events.find((e) => e.type === "gateway.request_started" && (e.data as { agent: string }).agent === agent)?.data as
      | { request_id: string }
      | undefined
  )?.request_id;

describe("parley gateway", () => {
  it("--json prints the call's events — started, text deltas, completed — and Ctrl-C ends it with 0", async () => {
    const watching = parley(["gateway", "--json", "--server", server.url, "--api-key", key]);
    await watching.waitFor(({ stderr }) => stderr.includes("Following the gateway"));
    const stream = await gatewayOpenAI(server, key, { "X-Parley-Agent": "Scripted" }).chat.completions.create({
      ...ask("Plan a database migration"),
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    await watching.waitFor(({ stdout }) => stdout.includes('"gateway.completed"'));
    watching.process.kill("SIGINT");
    expect(await watching.exited).toBe(0);

    const events = watching.envelopes();
    const id = requestIdOf(events, "Scripted");
    const mine = events.filter((e) => (e.data as { request_id?: string }).request_id === id);
    expect(mine[0]?.type).toBe("gateway.request_started");
    expect(mine.at(-1)?.type).toBe("gateway.completed");
    expect(
      mine
        .filter((e) => e.type === "gateway.text_delta")
        .map((e) => (e.data as { text: string }).text)
        .join(""),
    ).toBe(text);
  });

  it("in a pipe prints a line per call started and ended", async () => {
    const watching = parley(["gateway", "--server", server.url, "--api-key", key]);
    await watching.waitFor(({ stderr }) => stderr.includes("Following the gateway"));
    await gatewayOpenAI(server, key, { "X-Parley-Agent": "Piped" }).chat.completions.create(ask("Name a colour"));
    await watching.waitFor(({ stdout }) => /✓ Piped/.test(stdout));
    watching.process.kill("SIGINT");
    expect(await watching.exited).toBe(0);
    expect(watching.stdout()).toMatch(/^\d\d:\d\d:\d\d ▸ Piped → openai · gpt-4o-mini \(demo\) \[gw_\w+\]$/m);
    expect(watching.stdout()).toMatch(/^\d\d:\d\d:\d\d ✓ Piped · gpt-4o-mini · \d+ → \d+ tokens · \$0\.\d+ · \d+ ms · stop$/m);
    expect(watching.stdout()).not.toContain("\x1b[");
  });

  it("without a key, or with a key that may not watch the gateway, exits 3 and says what to do", async () => {
    const none = await parleyToEnd(["gateway", "--server", server.url]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain("--scope subscribe:gateway");
    const other = await parleyToEnd([
      "gateway",
      "--server",
      server.url,
      "--api-key",
      await server.apiKey(["subscribe:ingest.*"]),
    ]);
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/Forbidden: This API key may not subscribe on channel gateway/);
    const usage = await parleyToEnd(["gateway", "extra", "--server", server.url]);
    expect(usage.code).toBe(2);
  });

  it.skipIf(!hasTmux())("on a terminal shows the calls streaming now with their text, then the finished call", async () => {
    const term = openTerminal({
      width: 110,
      height: 32,
      cwd: process.cwd(),
      env: { PARLEY_URL: server.url, PARLEY_API_KEY: key },
    });
    try {
      term.type("node bin/parley.mjs gateway");
      await term.waitFor(/parley gateway · http:\/\/127\.0\.0\.1:\d+ +● live/);
      const call = (async () => {
        const stream = await gatewayOpenAI(server, key, { "X-Parley-Agent": "Architect" }).chat.completions.create({
          ...ask("Design a cache"),
          stream: true,
        });
        for await (const _ of stream);
      })();
      // Its output and cost so far, as estimates (the demo model's price, announced when the call started).
      const live = await term.waitFor(
        /┌ Architect · openai · gpt-4o-mini · demo ─+ [\d.]+ (ms|s) · out ≈\d+ tok · ≈\$[\d.]+ \(est\.\) ┐/,
      );
      expect(live).toContain("Streaming now (1)");
      await call;
      const done = await term.waitFor(/Architect +openai · gpt-4o-mini · demo +\d+ → \d+ +\$0\.\d+ +[\d.]+ (ms|s) +ok/);
      expect(done).toContain("Streaming now (0)");
      expect(done).toMatch(/by agent: .*Architect 1× \$0\.\d+/);
      term.keys("C-c");
      await term.waitFor(/^Ctrl-C to stop\n\$ ?$/m);
      expect(term.pane("cursor_flag")).toBe("1");
    } finally {
      term.close();
    }
  });
});
