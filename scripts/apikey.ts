// `npm run apikey -- --name NAME [--scope publish:ingest.* --scope subscribe:*]`: creates an API key and
// prints it once. When a running server holds the embedded database, the key is created through it.
import "./lib/load-env";
import path from "node:path";
import { parseArgs } from "node:util";
import { messageOf } from "@/lib/errors";

const usage = `Usage: npm run apikey -- --name NAME [--scope publish:PATTERN] [--scope subscribe:PATTERN] [--scope gateway] [--scope runs]
                      [--budget USD] [--rpm N] [--json]

Scopes default to publish:* and subscribe:* (every channel). A pattern is a channel-name glob, e.g. ingest.*
The gateway scope lets the key call models through the LLM gateway; --budget (USD per UTC day) and --rpm
(requests per minute) limit those calls (defaults: PARLEY_GATEWAY_BUDGET_USD, PARLEY_GATEWAY_RPM).
The runs scope lets the key start external runs and post their events (and AG-UI streams).`;

let args: { name?: string; scope?: string[]; budget?: string; rpm?: string; json?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: {
      name: { type: "string" },
      scope: { type: "string", multiple: true },
      budget: { type: "string" },
      rpm: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (error) {
  console.error(`✖ ${messageOf(error)}\n\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}

const { ensureSecret } = await import("./lib/secret");
ensureSecret();
const { env, requireSecret } = await import("@/lib/env");
const { createApiKeySchema } = await import("@/lib/auth/api-keys");
const gateway =
  args.budget || args.rpm
    ? { budget_usd: args.budget ? Number(args.budget) : undefined, requests_per_minute: args.rpm ? Number(args.rpm) : undefined }
    : undefined;
const input = createApiKeySchema.safeParse({ name: args.name, scopes: args.scope, gateway });
if (!input.success) {
  for (const issue of input.error.issues) console.error(`✖ ${issue.path.join(".") || "input"}: ${issue.message}`);
  console.error(`\n${usage}`);
  process.exit(2);
}

const { embeddedServer } = await import("./lib/database");
const server = embeddedServer();
let created: { key: string; name: string; scopes: string[]; id: string };
// Say where the key went: a key in another folder's embedded database works for no server.
const embeddedDir = env.PARLEY_DATA_DIR.startsWith("memory://") ? env.PARLEY_DATA_DIR : path.resolve(env.PARLEY_DATA_DIR);
let where: string;
if (env.DATABASE_URL) {
  const url = new URL(env.DATABASE_URL);
  where = `the PostgreSQL database ${url.pathname.slice(1) || "(default)"} on ${url.host} (DATABASE_URL)`;
} else if (server) {
  where = `the embedded database in ${embeddedDir}, through the server holding it (pid ${server.pid}, port ${server.port ?? env.PORT})`;
} else {
  where = `the embedded database in ${embeddedDir} (no server holds it now: a server with the same PARLEY_DATA_DIR will see it)`;
}
if (server) {
  const { mintAdminToken } = await import("@/lib/auth/tokens");
  const port = server.port ?? env.PORT;
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/admin/api-keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${mintAdminToken(requireSecret()).token}`, "Content-Type": "application/json" },
    body: JSON.stringify(input.data),
  }).catch((error: Error) => {
    console.error(`✖ The server (pid ${server.pid}) holds the database but did not answer on port ${port}: ${error.message}`);
    process.exit(3);
  });
  const body = (await response.json()) as typeof created & { error?: { message: string } };
  if (!response.ok) {
    console.error(`✖ ${body.error?.message ?? `The server answered ${response.status}`}`);
    process.exit(1);
  }
  created = body;
} else {
  const { createApiKey } = await import("@/lib/auth/api-keys");
  const { getDb } = await import("@/lib/db/client");
  created = await createApiKey(input.data);
  await (await getDb()).$disconnect();
}

if (args.json) {
  console.log(JSON.stringify(created));
  console.error(`Written to ${where}.`);
} else {
  console.log(`Created API key "${created.name}" (${created.id}) with scopes ${created.scopes.join(", ")}.`);
  console.log(`Written to ${where}.`);
  console.log("It is shown only this once:\n");
  console.log(`  ${created.key}\n`);
  console.log(`Use it as: Authorization: Bearer ${created.key.slice(0, 10)}…   (e.g. export PARLEY_API_KEY=…)`);
}
process.exit(0);
