import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { formatFrame } from "@/lib/events/sse";
import { eventMaker, queuedSnapshot, RUN_ID } from "@/tests/support/cli-run-fixtures";
import { CliError, EXIT } from "../errors";
import { type FollowRunOptions, followRun } from "./follow";
import { hasEnded } from "./model";

/**
 * A Parley server as far as following a run needs one, over real HTTP: the run's stream sends `events` and
 * stays open; each snapshot request (numbered from 1) is answered by `snapshot`.
 */
async function fakeParley(o: { events: Envelope[]; snapshot: (n: number, res: ServerResponse) => void }) {
  const seen = { streams: 0, snapshots: [] as number[] };
  const server = createServer((req, res) => {
    if (req.url === `/api/v1/runs/${RUN_ID}/events`) {
      seen.streams++;
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write(formatFrame({ id: "0-0" }));
      for (const event of o.events) res.write(formatFrame({ id: event.id, data: JSON.stringify(event) }));
    } else if (req.url === `/api/v1/runs/${RUN_ID}`) {
      seen.snapshots.push(Date.now());
      o.snapshot(seen.snapshots.length, res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url, seen };
}
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const ev = eventMaker();
const reset = ev("stream.reset", { reason: "the history was trimmed", cursor: "1-0" });

function answer(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}
const refuse = (status: number, code: string, message: string) => (_: number, res: ServerResponse) =>
  answer(res, status, { error: { code, message } });
const completed = queuedSnapshot({
  status: "completed",
  started_at: "2026-11-21T12:00:01.000Z",
  finished_at: "2026-11-21T12:00:09.000Z",
});

function follow(url: string, callbacks: Pick<FollowRunOptions, "onChange" | "onEvent"> = {}) {
  return followRun({
    connection: { server: url, apiKey: null, userId: null },
    snapshot: queuedSnapshot(),
    signal: new AbortController().signal,
    stallMs: 60_000,
    ...callbacks,
  });
}

describe("following a run: what is asked again, and what stops it", () => {
  it("stops with the server's reason when it refuses the snapshot (403), asking once", async () => {
    const server = await fakeParley({ events: [reset], snapshot: refuse(403, "forbidden", "This run is not yours to see") });
    const error = await follow(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({
      exitCode: EXIT.unreachable,
      message: `Stopped following run ${RUN_ID}: Forbidden: This run is not yours to see.`,
    });
    expect(server.seen.snapshots).toHaveLength(1);
  }, 20_000);

  it("stops with 'not found' when the run is gone (404)", async () => {
    const server = await fakeParley({ events: [reset], snapshot: refuse(404, "not_found", "No such run") });
    const error = await follow(server.url).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: EXIT.usage, message: expect.stringContaining(`Not found: run ${RUN_ID}`) });
    expect(server.seen.snapshots).toHaveLength(1);
  }, 20_000);

  it("asks again while the server is away, waiting 0.5 s, 1 s, 2 s…, and then shows the stored run", async () => {
    const server = await fakeParley({
      events: [reset],
      snapshot: (n, res) => (n <= 3 ? res.socket?.destroy() : answer(res, 200, completed)),
    });
    const d = await follow(server.url);
    expect(hasEnded(d)).toBe(true);
    expect(d.endedBy).toBe("snapshot");
    const at = server.seen.snapshots;
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? t));
    // Lower bounds only: a busy machine makes the waits longer, never shorter (less a timer's rounding).
    expect(gaps[0]).toBeGreaterThanOrEqual(450);
    expect(gaps[1]).toBeGreaterThanOrEqual(950);
    expect(gaps[2]).toBeGreaterThanOrEqual(1950);
  }, 20_000);

  it("lets a bug in applying the snapshot through instead of asking again every second", async () => {
    const server = await fakeParley({ events: [reset], snapshot: (_, res) => answer(res, 200, completed) });
    const bug = new TypeError("Cannot read properties of undefined (reading 'render')");
    const error = await follow(server.url, {
      onChange: (d) => {
        if (d.endedBy === "snapshot") throw bug;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(bug);
    expect(server.seen.snapshots).toHaveLength(1);
  }, 20_000);

  it("lets a bug in handling an event through instead of reconnecting for ever", async () => {
    const server = await fakeParley({ events: [ev("run.started")], snapshot: (_, res) => answer(res, 200, completed) });
    const bug = new RangeError("Invalid string length");
    const error = await follow(server.url, {
      onEvent: () => {
        throw bug;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(bug);
    expect(server.seen.streams).toBe(1);
  }, 20_000);

  it("lets a bug in showing the connection through as itself", async () => {
    const server = await fakeParley({ events: [], snapshot: (_, res) => answer(res, 200, completed) });
    const bug = new TypeError("Cannot read properties of null (reading 'columns')");
    for (const status of ["connecting", "live"]) {
      const error = await follow(server.url, {
        onChange: (d) => {
          if (d.stream.status === status) throw bug;
        },
      }).catch((e: unknown) => e);
      expect(error).toBe(bug);
    }
  }, 20_000);
});
