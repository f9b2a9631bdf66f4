import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/lib/env";
import { processGlobal } from "@/lib/process-global";
import { openPglite, pgliteConnection } from "./connections";
import { PrismaClient } from "./generated/client";
import { applyMigrations } from "./migrations";

export type Database = PrismaClient;
export type DatabaseKind = "postgresql" | "embedded";

export const databaseKind: DatabaseKind = env.DATABASE_URL ? "postgresql" : "embedded";

async function create(): Promise<PrismaClient> {
  if (env.DATABASE_URL) {
    // Migrations on a server are a deploy step (`npm run db:migrate`), not something each instance does.
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
  }
  // The embedded database belongs to this process alone, so it is brought up to date on open.
  const pglite = await openPglite(env.PARLEY_DATA_DIR, { port: env.PORT });
  await applyMigrations(pgliteConnection(pglite));
  return new PrismaClient({ adapter: new PrismaPGlite(pglite) });
}

/** The client being opened or open; a failed open is forgotten so that the next call tries again. */
const opened = processGlobal("db", (): { client: Promise<PrismaClient> | null } => ({ client: null }));

/** The process's Prisma client, created once (and kept across `next dev` hot reloads). */
export function getDb(): Promise<PrismaClient> {
  opened.client ??= create().catch((error) => {
    opened.client = null;
    throw error;
  });
  return opened.client;
}
