// Opening the two kinds of database Parley runs on, for the runtime client and the scripts alike.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { z } from "zod";
import type { SqlConnection } from "./migrations";

export function isInMemory(dataDir: string): boolean {
  return dataDir.startsWith("memory://");
}

export const LOCK_FILE = "parley.lock";

const lockInfoSchema = z.object({ pid: z.number().int(), port: z.number().int().optional() });
export type LockInfo = z.infer<typeof lockInfoSchema>;

const hasCode = (error: unknown, code: string) => error instanceof Error && "code" in error && error.code === code;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return hasCode(error, "EPERM");
  }
}

/**
 * Who holds the embedded database in `dataDir`, if a live process does. No lock file means nobody; a lock
 * file that cannot be read or understood is not taken for "nobody" — opening the files anyway could
 * corrupt them (an empty file is also what a holder that is writing its lock right now leaves for an instant).
 */
export function readLock(dataDir: string): LockInfo | null {
  const file = path.join(dataDir, LOCK_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (hasCode(error, "ENOENT")) return null;
    throw error;
  }
  const info = lockInfoSchema.safeParse(parseJson(text));
  if (!info.success) {
    throw new Error(
      `The lock file ${file} does not say which process holds the embedded database. ` +
        "If no Parley process uses this directory, delete the file and start again.",
    );
  }
  return info.data.pid !== process.pid && alive(info.data.pid) ? info.data : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // the schema refuses it, with the one message above
  }
}

/**
 * PGlite has no lock of its own and two processes on one directory corrupt it. The lock file names the
 * holder (and its HTTP port, so scripts can ask the running server instead of opening the files).
 */
function acquireLock(dataDir: string, port?: number): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const holder = readLock(dataDir);
  if (holder) {
    throw new Error(
      `The embedded database in ${dataDir} is open in another process (pid ${holder.pid}). ` +
        "Stop it first, or point PARLEY_DATA_DIR somewhere else.",
    );
  }
  if (existsSync(file)) unlinkSync(file);
  const fd = openSync(file, "wx");
  writeSync(fd, JSON.stringify({ pid: process.pid, port } satisfies LockInfo));
  closeSync(fd);
  process.once("exit", () => {
    try {
      if (readFileSync(file, "utf8").includes(`"pid":${process.pid}`)) unlinkSync(file);
    } catch {
      // already gone
    }
  });
}

export async function openPglite(dataDir: string, options: { port?: number } = {}): Promise<PGlite> {
  if (!isInMemory(dataDir)) acquireLock(path.resolve(dataDir), options.port);
  const db = new PGlite(isInMemory(dataDir) ? dataDir : path.resolve(dataDir));
  await db.waitReady;
  return db;
}

export function pgliteConnection(db: PGlite): SqlConnection {
  return {
    query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
  };
}

/** A single connection: the applier's BEGIN … COMMIT must run on one session. */
export function pgConnection(client: pg.Client): SqlConnection {
  return {
    query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
      (await client.query<T>(sql, params)).rows,
    exec: async (script) => {
      await client.query(script);
    },
  };
}

export async function openPgClient(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  return client;
}
