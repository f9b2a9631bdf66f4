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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

/** Who holds the embedded database in `dataDir`, if a live process does. */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = lockInfoSchema.parse(JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), "utf8")));
    return info.pid !== process.pid && alive(info.pid) ? info : null;
  } catch {
    return null;
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
