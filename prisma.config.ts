// Prisma CLI configuration. The native schema engine cannot be downloaded on our machines, so the CLI
// runs its JS schema engine over a driver adapter: an in-memory PGlite (used by `npm run db:new-migration`
// for `prisma migrate diff`). Migrations are *applied* by scripts/migrate.ts, not by this CLI.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

// Prisma 6 insists that env("DATABASE_URL") resolves even when an adapter is used.
process.env.DATABASE_URL ??= "postgresql://placeholder@127.0.0.1:5432/placeholder";

/**
 * pglite-prisma-adapter has two defects that matter to the CLI: it never closes PGlite (the CLI then
 * hangs after printing) and it runs multi-statement scripts through `query()` without awaiting them.
 * This factory gives every connection its own in-memory database, runs scripts with `exec`, and closes
 * the database when Prisma disposes the adapter.
 */
function inMemoryPglite() {
  const open = async () => {
    const db = new PGlite("memory://");
    const adapter = await new PrismaPGlite(db).connect();
    const executeRaw = adapter.executeRaw.bind(adapter);
    return Object.assign(adapter, {
      executeScript: async (script: string) => {
        await db.exec(script);
      },
      // The schema engine replays each migration file as one raw statement; PGlite's extended
      // protocol takes one command at a time, its simple protocol (exec) takes a whole script.
      executeRaw: async (query: Parameters<typeof executeRaw>[0]) => {
        if (query.args.length > 0) return executeRaw(query);
        const results = await db.exec(query.sql);
        return results.reduce((n, r) => n + (r.affectedRows ?? 0), 0);
      },
      dispose: async () => {
        await db.close();
      },
    });
  };
  return {
    provider: "postgres" as const,
    adapterName: "pglite-in-memory",
    connect: open,
    connectToShadowDb: open,
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => inMemoryPglite(),
});
