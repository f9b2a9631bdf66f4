// LLMHive's document ("Real-Time Event Streaming & Collaboration", seed 000): every client snippet as
// written against a production build — the browser snippets in Chromium with its own EventSource, the
// curl calls with curl — changing only host and port and filling the document's placeholders.
import type { Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "@/tests/support/server";
import { readyState, runInBrowser } from "./browser";
import { launchChromium, onServer, run, shell, snippet, startConformanceServer } from "./support";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startConformanceServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe("Orchestration Event Streaming", () => {
  it("the JavaScript usage: connected, keepalives, and each orchestration_event logged with its details", async () => {
    const page = await runInBrowser(browser, server, snippet("llmhive/orchestration.js"));
    try {
      await page.logged((l) => l.text === "Connected to SSE stream");
      // The manual test's emit, onto the snippet's own session id.
      const emitted = await run(
        onServer(snippet("llmhive/manual-test-emit.sh"), server).replace("test-session", "my-session-123"),
      );
      expect(json(emitted.stdout)).toMatchObject({ status: "emitted", session_id: "my-session-123" });
      await page.logged((l) => l.text === "[step] Test event for session my-session-123");
      const details = await page.logged((l) => l.text.startsWith("  Details:"));
      expect(details.args[1]).toMatchObject({ step: "test", description: "Test event for session my-session-123" });
      await page.logged((l) => l.text === "Connection alive");
    } finally {
      await page.close();
    }
  });

  it("the JavaScript usage on a run's id: model calls and responses with the document's details, then complete", async () => {
    const started = await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ task: "What is 2+2?", strategy: "pipeline" }),
    });
    const { run_id } = (await started.json()) as { run_id: string };
    const code = snippet("llmhive/orchestration.js").replace("'my-session-123'", `'${run_id}'`);
    const page = await runInBrowser(browser, server, code);
    try {
      await page.logged((l) => l.text.startsWith("[complete] "), 90_000);
      const texts = page.logs.map((l) => l.text);
      expect(texts).toContain("[strategy_selected] Strategy: pipeline");
      expect(texts.some((t) => t.startsWith("[model_call] Architect"))).toBe(true);
      const responseAt = page.logs.findIndex((l) => l.text.startsWith("[model_response] "));
      expect(page.logs[responseAt + 1]?.text).toMatch(/^ {2}Details:/);
      expect(page.logs[responseAt + 1]?.args[1]).toMatchObject({
        model: expect.any(String),
        tokens: expect.any(Number),
        latency_ms: expect.any(Number),
      });
    } finally {
      await page.close();
    }
  });

  it("the manual test: curl -N on test-session, then curl …/test emits a test event onto it", async () => {
    const stream = shell(onServer(snippet("llmhive/manual-test-stream.sh"), server));
    try {
      await stream.waitFor((out) => out.includes("retry: 2000"));
      const emitted = await run(onServer(snippet("llmhive/manual-test-emit.sh"), server));
      expect(emitted.code).toBe(0);
      expect(json(emitted.stdout)).toMatchObject({ status: "emitted", session_id: "test-session" });
      await stream.waitFor((out) => out.includes("event: orchestration_event") && out.includes('"type":"step"'));
    } finally {
      stream.kill();
    }
  });
});

describe("Collaborative Sessions", () => {
  it("create, join and send with curl as written; the browser's Real-Time Updates log each, and close at deletion", async () => {
    const created = await run(onServer(snippet("llmhive/create-session.sh"), server));
    const session = json(created.stdout);
    expect(session).toMatchObject({
      session_id: expect.any(String),
      invite_token: expect.any(String),
      invite_url: expect.stringContaining("join?token="),
      title: "Team Brainstorm",
      created_at: expect.any(String),
    });
    const id = String(session.session_id);
    // The document's invite URL form, /collaborate/join?token=…, is a page too.
    expect((await fetch(`${server.url}/collaborate/join?token=${session.invite_token}`)).status).toBe(200);

    const page = await runInBrowser(browser, server, snippet("llmhive/collaboration.js").replace("session-id-here", id));
    try {
      await expect.poll(() => readyState(page.page)).toBe(1);
      const joined = await run(
        onServer(snippet("llmhive/join-session.sh"), server).replace("abc123...", String(session.invite_token)),
      );
      expect(json(joined.stdout)).toMatchObject({ session_id: id });
      // Ids from X-User-ID are kept apart from cookie ids as `p:<id>` (lib/auth/header-identity.ts).
      await page.logged((l) => l.text === "User joined: p:bob");

      const sent = await run(onServer(snippet("llmhive/send-message.sh"), server).replace("{session_id}", id));
      expect(json(sent.stdout)).toMatchObject({ message: { content: "Hello everyone!" } });
      const message = await page.logged((l) => l.text.startsWith("New message:"));
      expect(message.args[1]).toMatchObject({ content: "Hello everyone!", author_id: "p:alice", message_type: "user" });

      // Leaving and deleting are in the document's endpoint table without a snippet: Parley's calls.
      const headers = (user: string) => ({ "X-User-ID": user });
      expect((await fetch(`${server.url}/api/v1/collaborate/${id}/leave`, { method: "POST", headers: headers("bob") })).ok).toBe(
        true,
      );
      await page.logged((l) => l.text === "User left: p:bob");
      expect((await fetch(`${server.url}/api/v1/collaborate/${id}`, { method: "DELETE", headers: headers("alice") })).ok).toBe(
        true,
      );
      await page.logged((l) => l.text === "Session was deleted");
      expect(await readyState(page.page)).toBe(2);
      // Closed by the snippet on session_deleted: EventSource never reconnects (its retry is 2 s).
      await new Promise((r) => setTimeout(r, 3000));
      expect(page.requests(`/api/v1/collaborate/${id}/stream`)).toHaveLength(1);
    } finally {
      await page.close();
    }
  });
});
