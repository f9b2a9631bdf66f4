// External runs cannot grow without limit. At the public defaults, a key made on the keys page that floods
// its runs with big run.log events (the attack that grew the embedded database 1.1 GB in a minute) is
// refused past its bytes a minute — JSON posts and streamed AG-UI bodies alike, the latter stopped as
// they arrive — and the database holds only what was accepted. With small caps, a run's log entries,
// stored bytes and events are capped: the batch that would cross one is refused whole (413), and the
// run can still end.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownDatabase } from "@/tests/support/database";
import { inspectDatabase } from "@/tests/support/db-inspect";
import { type Producer, producer, runIdOf } from "@/tests/support/producer";
import { startServer, type TestServer } from "@/tests/support/server";
import { type Call, request } from "@/tests/support/session-client";

const KiB = 1024;
const MiB = 1024 * KiB;
const bigLog = (i: number) => ({ type: "run.log", data: { type: "dump", data: { i, pad: "x".repeat(45_000) } } });
const newAddress = () => `10.${randomBytes(3).join(".")}`;

/** A key made on the keys page by a fresh browser identity, at an address the server trusts. */
async function selfMadeProducer(server: TestServer, address: string): Promise<Producer> {
  const page = await fetch(`${server.url}/`, { headers: { "X-Test-Client-IP": address } });
  await page.text();
  const cookie = page.headers.get("set-cookie")?.split(";")[0] ?? "";
  const made = await request(
    `${server.url}/api/v1/keys`,
    "POST",
    { name: "runs", scopes: ["runs"] },
    { Cookie: cookie, Origin: server.url },
  );
  expect(made.status).toBe(201);
  return producer(server, made.body.key as string);
}

function post(server: TestServer, key: string, runId: string, body: unknown, address: string): Promise<Call> {
  return request(`${server.url}/api/v1/runs/${runId}/events`, "POST", body, {
    Authorization: `Bearer ${key}`,
    "X-Test-Client-IP": address,
  });
}

describe("at the public defaults", () => {
  let server: TestServer;
  let database: Awaited<ReturnType<typeof ownDatabase>>;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-run-caps-"));
  beforeAll(async () => {
    database = await ownDatabase();
    server = await startServer({
      env: { PARLEY_DATA_DIR: dataDir, ...database.env, PARLEY_CLIENT_IP_HEADER: "X-Test-Client-IP" },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("a self-made key flooding 4 runs with 16 × 45 KB run.log per request: refused past 4 MiB a minute, the database holds only what was accepted", async () => {
    const address = newAddress();
    const p = await selfMadeProducer(server, address);
    const runs: string[] = [];
    for (let i = 0; i < 4; i++) runs.push(runIdOf(await p.start({ task: `Flood ${i}` })));
    const statuses: number[] = [];
    let refused: Call | null = null;
    const accepted = new Map<string, number>(runs.map((r) => [r, 0]));
    for (let i = 0; i < 40; i++) {
      const runId = runs[i % 4]!;
      const res = await post(server, p.key, runId, { events: Array.from({ length: 16 }, (_, k) => bigLog(i * 16 + k)) }, address);
      statuses.push(res.status);
      if (res.status === 200) accepted.set(runId, accepted.get(runId)! + 16);
      refused ??= res.status === 429 ? res : null;
    }
    // 16 × 45 KB is about 720 KB: five fit in 4 MiB, the sixth does not.
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(7);
    expect(refused?.body.error).toMatchObject({ code: "rate_limited" });
    expect(refused?.body.error.message).toMatch(/external runs' events: at most 4 MiB a minute per API key/);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);

    // What the run's stream and snapshot show is what was accepted, and no more.
    for (const runId of runs) expect((await p.snapshot(runId)).body.log).toHaveLength(accepted.get(runId)!);
    await server.stop();
    const held = await inspectDatabase(dataDir, (q) =>
      q<{ run_id: string; entries: number; bytes: number; counted: number }>(
        `SELECT r.id AS run_id, COUNT(l.id)::int AS entries, COALESCE(SUM(octet_length(l.data::text)), 0)::int AS bytes,
                r.log_entries AS counted
           FROM runs r LEFT JOIN run_log_entries l ON l.run_id = r.id WHERE r.id = ANY($1) GROUP BY r.id`,
        [runs],
      ),
    );
    for (const row of held) {
      expect(row.entries).toBe(accepted.get(row.run_id));
      expect(row.counted).toBe(row.entries);
    }
    expect(held.reduce((n, r) => n + r.bytes, 0)).toBeLessThan(5 * MiB);
  });
});

describe("a streamed AG-UI body past the quota", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { PARLEY_CLIENT_IP_HEADER: "X-Test-Client-IP" } });
  });
  afterAll(() => server?.stop());

  it("is stopped while it arrives, with 429, and keeps only what came before", async () => {
    const address = newAddress();
    const p = await selfMadeProducer(server, address);
    const runId = runIdOf(await p.start({ task: "Stream a lot" }));
    const encoder = new TextEncoder();
    const frame = (i: number) => `id: ${i}\ndata: ${JSON.stringify({ type: "RAW", event: { i, pad: "r".repeat(45_000) } })}\n\n`;
    // Up to 40 MiB, produced only as fast as the server reads it.
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40 * MiB) return controller.close();
        const chunk = encoder.encode(frame(sent));
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.url}/api/v1/runs/${runId}/ag-ui`, {
      method: "POST",
      headers: { Authorization: `Bearer ${p.key}`, "Content-Type": "text/event-stream", "X-Test-Client-IP": address },
      body,
      duplex: "half",
    } as RequestInit);
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status, JSON.stringify(answer)).toBe(429);
    expect(answer.error.message).toMatch(/at most 4 MiB a minute per API key/);
    // Stopped long before the producer ran out (it would have sent 40 MiB).
    expect(sent).toBeLessThan(12 * MiB);
    const log = (await p.snapshot(runId)).body.log as unknown[];
    expect(log.length).toBeGreaterThan(0);
    expect(log.length * 45_000).toBeLessThanOrEqual(4 * MiB);
  });
});

describe("with small caps", () => {
  let server: TestServer;
  let p: Producer;
  beforeAll(async () => {
    server = await startServer({
      env: {
        PARLEY_EXTERNAL_MAX_LOG_ENTRIES: "40",
        PARLEY_EXTERNAL_MAX_BYTES: String(256 * KiB),
        PARLEY_EXTERNAL_MAX_EVENTS: "300",
      },
    });
    p = producer(server, await server.apiKey(["runs"]));
  });
  afterAll(() => server?.stop());

  const log = (i: number) => ({ type: "run.log", data: { type: "note", data: { i } } });
  const started = { type: "agent.turn_started", data: { turn_id: "t1", agent: "Writer" } };
  const token = (text: string) => ({ type: "agent.token", data: { turn_id: "t1", text } });
  const ending = [
    { type: "agent.turn_completed", data: { turn_id: "t1" } },
    { type: "run.completed", data: { summary: "done" } },
  ];

  async function expectTooLarge(runId: string, body: unknown, cap: RegExp) {
    const before = (await p.snapshot(runId)).body;
    const res = await p.post(runId, body);
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
    expect(res.body.error.message).toMatch(cap);
    const after = (await p.snapshot(runId)).body;
    // Nothing of the batch: no event published, no row written.
    expect(after.last_event_id).toBe(before.last_event_id);
    expect(after.log).toEqual(before.log);
    expect(after.turns).toEqual(before.turns);
  }

  it("log entries: the batch that would cross the cap is refused whole, and the run can still end", async () => {
    const runId = runIdOf(await p.start());
    for (let b = 0; b < 2; b++) {
      const res = await p.post(runId, { events: Array.from({ length: 16 }, (_, i) => log(b * 16 + i)) });
      expect(res.status).toBe(200);
    }
    await expectTooLarge(
      runId,
      { events: Array.from({ length: 16 }, (_, i) => log(100 + i)) },
      /PARLEY_EXTERNAL_MAX_LOG_ENTRIES/,
    );
    expect((await p.post(runId, { events: Array.from({ length: 8 }, (_, i) => log(200 + i)) })).status).toBe(200);
    expect((await p.post(runId, { type: "run.completed", data: {} })).status).toBe(200);
    expect((await p.snapshot(runId)).body.log).toHaveLength(40);
  });

  it("stored bytes: a turn's text cannot grow past the cap; ending the turn and the run still works", async () => {
    const runId = runIdOf(await p.start());
    expect((await p.post(runId, { events: [started, token("a".repeat(100 * KiB))] })).status).toBe(200);
    expect((await p.post(runId, token("b".repeat(100 * KiB)))).status).toBe(200);
    await expectTooLarge(runId, token("c".repeat(100 * KiB)), /PARLEY_EXTERNAL_MAX_BYTES/);
    const done = await p.post(runId, { events: ending });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const snap = (await p.snapshot(runId)).body;
    expect(snap.run.status).toBe("completed");
    expect(snap.turns[0].text).toHaveLength(200 * KiB);
  });

  it("events: past the cap only endings are taken", async () => {
    const runId = runIdOf(await p.start());
    expect((await p.post(runId, { events: [started, ...Array.from({ length: 99 }, () => token("t"))] })).status).toBe(200);
    for (let b = 0; b < 2; b++)
      expect((await p.post(runId, { events: Array.from({ length: 100 }, () => token("t")) })).status).toBe(200);
    await expectTooLarge(runId, token("one too many"), /at most 300 events \(PARLEY_EXTERNAL_MAX_EVENTS\)/);
    expect((await p.post(runId, { events: ending })).status).toBe(200);
    expect((await p.snapshot(runId)).body.turns[0].text).toBe("t".repeat(299));
  });
});
