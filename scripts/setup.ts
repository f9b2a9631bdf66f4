// `npm run setup`: the secret in .env.local, and the database schema up to date. Safe to run again.
import "./lib/load-env";
import { ensureSecret } from "./lib/secret";

const { created } = ensureSecret();
if (created) console.log("▸ Generated PARLEY_SECRET into .env.local");

const { applyMigrations } = await import("@/lib/db/migrations");
const { embeddedServer, openScriptDatabase } = await import("./lib/database");

const server = embeddedServer();
if (server) {
  console.log(`▸ The embedded database is open in a running server (pid ${server.pid}); it migrates itself.`);
} else {
  const started = Date.now();
  const db = await openScriptDatabase();
  try {
    const { applied } = await applyMigrations(db.connection);
    const what = applied.length ? `applied ${applied.join(", ")}` : "up to date";
    console.log(`▸ Database (${db.kind}): ${what} in ${Date.now() - started} ms`);
  } finally {
    await db.close();
  }
}
