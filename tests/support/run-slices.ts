// What the sliced-run tests share: a server's place (its own data directory and database, so a server
// that sweeps judges only its own runs), a run's row read back from it, snapshots polled without opening
// a stream (a snapshot settles nothing: nobody is reading), and a stand-in for the continuation endpoint.
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import type { RunSnapshot } from "@/lib/runs/views";
import { type OwnDatabase, ownDatabase } from "./database";
import { inspectDatabase } from "./db-inspect";
import { freePort } from "./free-port";
import type { TestServer } from "./server";

export interface Place {
  dataDir: string;
  database: OwnDatabase;
  env: Record<string, string>;
}

export async function newPlace(env: Record<string, string> = {}): Promise<Place> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-slices-"));
  const database = await ownDatabase();
  return { dataDir, database, env: { PARLEY_DATA_DIR: dataDir, ...database.env, ...env } };
}

export interface RunRow {
  status: string;
  resumes: number;
  handoffs: number;
  handoff_nonce: string | null;
}

/** The run's row; on the embedded database its server must have stopped first. */
export function runRow(place: Place, runId: string): Promise<RunRow> {
  return inspectDatabase(
    place.dataDir,
    async (query) => {
      const [row] = await query<RunRow>("SELECT status, resumes, handoffs, handoff_nonce FROM runs WHERE id = $1", [runId]);
      if (!row) throw new Error(`run ${runId} not found`);
      return row;
    },
    place.database.env.DATABASE_URL,
  );
}

export async function snapshot(server: TestServer, runId: string): Promise<RunSnapshot> {
  const res = await fetch(`${server.url}/api/v1/runs/${runId}`);
  if (!res.ok) throw new Error(`snapshot: ${res.status} ${await res.text()}`);
  return (await res.json()) as RunSnapshot;
}

/** Polls the run's snapshot (no stream opened) until `done` holds; gives up after `ms`. */
export async function pollSnapshot(server: TestServer, runId: string, done: (s: RunSnapshot) => boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await snapshot(server, runId);
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`run ${runId} stayed ${s.run.status}: ${JSON.stringify(s.run)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface CaughtHandOff {
  path: string;
  token: string;
  /** Where it was passed on, and what that answered (202: the run was claimed there). */
  forwardedTo?: string;
  status?: number;
}

/**
 * Stands where a server sends its hand-offs (PARLEY_INTERNAL_URL): accepts each with 202 and keeps its
 * token — or, once `forwardTo` is set, passes the request on to that server and answers what it answers.
 */
export async function handOffCatcher(passOnTo: string | null = null) {
  const caught: CaughtHandOff[] = [];
  const state = { forwardTo: passOnTo };
  const server = createServer((req, res) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const forwardTo = state.forwardTo;
    if (!forwardTo) {
      caught.push({ path: req.url ?? "", token });
      res.writeHead(202, { "Content-Type": "application/json" }).end("{}");
      return;
    }
    const entry: CaughtHandOff = { path: req.url ?? "", token, forwardedTo: forwardTo };
    caught.push(entry);
    fetch(`${forwardTo}${req.url}`, { method: "POST", headers: { Authorization: `Bearer ${token}` } }).then(
      async (r) => {
        entry.status = r.status;
        res.writeHead(r.status, { "Content-Type": "application/json" }).end(await r.text());
      },
      () => res.writeHead(502).end(),
    );
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    caught,
    forwardTo(url: string) {
      state.forwardTo = url;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
