// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
import "./lib/load-env";
import { messageOf } from "@/lib/errors";

const { applyMigrations } = await import("@/lib/db/migrations");
const { embeddedServer, openScriptDatabase } = await import("./lib/database");

const server = embeddedServer();
if (server) {
  console.error(`✖ The embedded database is open in a running server (pid ${server.pid}), which keeps it migrated.`);
  process.exit(1);
}
const db = await openScriptDatabase();
try {
  const { applied, alreadyApplied } = await applyMigrations(db.connection);
  console.log(
    `▸ ${db.kind}: ${applied.length} applied${applied.length ? ` (${applied.join(", ")})` : ""}, ${alreadyApplied} already applied`,
  );
} catch (error) {
  console.error(`✖ ${messageOf(error)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
