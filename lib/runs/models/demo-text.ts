// What the demo model says: deterministic for a seed, shaped by the agent's job and the task, so a run
// with no API key still reads like agents working on *this* task.
import type { DemoBrief } from "./demo-brief";
import { demoDebater, demoJudge } from "./demo-debate";

/** mulberry32: a small, good-enough PRNG so the same seed gives the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

interface Topic {
  match: RegExp;
  component: string;
  detail: string;
  code: string;
  risk: string;
  doc: string;
}

const TOPICS: Topic[] = [
  {
    match: /\b(auth|jwt|login|token|session|oauth)\b/i,
    component: "Auth service — issues short-lived access tokens (JWT, 15 min) and rotating refresh tokens",
    detail: "passwords hashed with scrypt, tokens signed with a key kept out of the code",
    code: `export function issueTokens(userId: string, key: string) {
  const access = sign({ sub: userId, exp: now() + 15 * 60 }, key);
  const refresh = randomToken(32);
  return { access, refresh };
}`,
    risk: "token theft: keep refresh tokens HttpOnly and rotate them on every use",
    doc: "Send `Authorization: Bearer <access token>`; refresh at `POST /auth/refresh` before it expires.",
  },
  {
    match: /\b(api|rest|endpoint|http|route|graphql)\b/i,
    component: "HTTP API — resource routes with one error shape and request validation at the edge",
    detail: "schemas validate every body; errors map to 400/401/404/409/422",
    code: `router.post("/items", async (req, res) => {
  const input = itemSchema.parse(req.body);
  const item = await items.create(input);
  res.status(201).json(item);
});`,
    risk: "unbounded request bodies: cap sizes and paginate list endpoints",
    doc: "`POST /items` creates an item and answers 201 with it; `GET /items?cursor=` pages through them.",
  },
  {
    match: /\b(database|db|sql|postgres|store|persist|schema|table)\b/i,
    component: "Persistence — PostgreSQL behind a small repository layer, migrations in version control",
    detail: "every query goes through the repository; indexes follow the access paths",
    code: `export async function findById(db: Db, id: string) {
  const rows = await db.query("SELECT * FROM items WHERE id = $1", [id]);
  return rows[0] ?? null;
}`,
    risk: "migrations that lock hot tables: add columns nullable first, backfill, then constrain",
    doc: "Run `npm run db:migrate` on deploy; every schema change ships as a migration.",
  },
  {
    match: /\b(ui|frontend|page|dashboard|react|component|web)\b/i,
    component: "Web UI — server-rendered pages with small client components for the live parts",
    detail: "accessible forms, optimistic updates only where a failure is cheap to undo",
    code: `export function ItemList({ items }: { items: Item[] }) {
  return <ul>{items.map((i) => <li key={i.id}>{i.name}</li>)}</ul>;
}`,
    risk: "layout shift and slow first paint: stream the shell, hydrate the rest",
    doc: "Open `/items` to browse; the list updates live as items change.",
  },
  {
    match: /\b(queue|job|worker|background|schedule|cron|batch|ingest|pipeline)\b/i,
    component: "Workers — a durable job queue with retries, backoff and a dead-letter list",
    detail: "jobs are idempotent, so a retry after a crash does no harm",
    code: `export async function runJob(job: Job) {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try { return await handlers[job.type](job.payload); }
    catch (e) { await sleep(2 ** attempt * 100); }
  }
  await deadLetter.add(job);
}`,
    risk: "poison messages: cap attempts and surface the dead-letter list",
    doc: "Enqueue with `queue.add(type, payload)`; failed jobs land in the dead-letter view.",
  },
  {
    match: /\b(cache|redis|fast|performance|latency|scale)\b/i,
    component: "Cache — read-through cache with short TTLs and explicit invalidation on writes",
    detail: "p99 latency is the target, not the average",
    code: `export async function cached<T>(key: string, ttl: number, load: () => Promise<T>) {
  const hit = await cache.get<T>(key);
  if (hit !== null) return hit;
  const value = await load();
  await cache.set(key, value, ttl);
  return value;
}`,
    risk: "stale reads after writes: invalidate in the same code path that writes",
    doc: "Hot reads go through `cached()`; writes call `invalidate(key)`.",
  },
];

const FALLBACK: Topic = {
  match: /./,
  component: "Core module — the domain logic as plain functions that take and return plain objects",
  detail: "no framework types leak into the core, so it is tested without a server",
  code: `export function solve(input: Input): Output {
  const steps = plan(input);
  return steps.reduce(apply, initialState(input));
}`,
  risk: "requirements drift: write the acceptance checks first and keep them running",
  doc: "Call `solve(input)`; the README lists every option with an example.",
};

export function topicsFor(task: string): Topic[] {
  const found = TOPICS.filter((t) => t.match.test(task));
  return found.length > 0 ? found.slice(0, 3) : [FALLBACK];
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("nothing to pick from");
  return item;
}

const shortTask = (task: string) => (task.length > 80 ? `${task.slice(0, 77).trimEnd()}…` : task);

function architect(b: DemoBrief, rand: () => number): string {
  const topics = topicsFor(b.task);
  const opener = pick(rand, ["Here is the shape I propose", "Proposed architecture", "The design, in brief"]);
  return [
    `${opener} for “${shortTask(b.task)}”.`,
    "",
    "**Components**",
    ...topics.map((t, i) => `${i + 1}. ${t.component}.`),
    `${topics.length + 1}. Tests — unit tests for the core, one end-to-end test per user-facing flow.`,
    "",
    `**Data flow.** A request is validated at the edge, handled by the ${topics[0]?.component.split(" — ")[0]?.toLowerCase()}, and answered with one error shape; ${topics[0]?.detail}.`,
    "",
    `**Main risk.** ${topics[0]?.risk}.`,
  ].join("\n");
}

function coder(b: DemoBrief, rand: () => number): string {
  const topics = topicsFor(b.task);
  const intro = pick(rand, [
    "Implementation following the Architect's plan:",
    "Here is the code for the plan above:",
    "First cut of the implementation:",
  ]);
  const blocks = topics.map((t) => t.code).join("\n\n");
  return `${intro}\n\n\`\`\`ts\n${blocks}\n\`\`\`\n\nEach piece is small enough to test on its own; ${topics.length === 1 ? "it has" : "they have"} no hidden global state.`;
}

function reviewer(b: DemoBrief, rand: () => number): string {
  const topics = topicsFor(b.task);
  const findings = [
    `The ${topics[0]?.component.split(" — ")[0]?.toLowerCase()} needs an explicit test for the failure path, not only the happy one.`,
    `Risk to watch: ${topics.at(-1)?.risk}.`,
    pick(rand, [
      "Error messages should say what to do next, not only what went wrong.",
      "Name the magic numbers (timeouts, limits) as constants.",
      "Log with enough context to debug, but never secrets.",
    ]),
  ];
  const score = 7 + Math.floor(rand() * 3);
  return [`Review of the implementation:`, "", ...findings.map((f) => `- ${f}`), "", `VERDICT: PASS — SCORE: ${score}/10`].join(
    "\n",
  );
}

function refiner(b: DemoBrief, rand: () => number): string {
  const topics = topicsFor(b.task);
  return [
    pick(rand, ["Applied the review:", "Refinements after review:", "Changes made in response to the review:"]),
    "",
    `- Added a failing-path test for the ${topics[0]?.component.split(" — ")[0]?.toLowerCase()}.`,
    `- Addressed the risk: ${topics.at(-1)?.risk}.`,
    "- Pulled timeouts and limits into named constants.",
    "",
    "The code now passes the checks the Reviewer asked for.",
  ].join("\n");
}

function documenter(b: DemoBrief): string {
  const topics = topicsFor(b.task);
  return [
    `## ${shortTask(b.task)}`,
    "",
    "### Usage",
    "",
    ...topics.map((t) => `- ${t.doc}`),
    "",
    "### Development",
    "",
    "`npm test` runs every check; see the architecture notes above for how the parts fit.",
  ].join("\n");
}

function contestant(b: DemoBrief, rand: () => number): string {
  const topics = topicsFor(b.task);
  const style = pick(rand, ["In short:", "Answer:", "Here is my take:"]);
  return `${style} ${topics[0]?.component}. ${topics[0]?.detail.charAt(0).toUpperCase()}${topics[0]?.detail.slice(1)}. Watch for ${topics[0]?.risk}.`;
}

/** The text an agent in `brief.role` produces for the task. */
export function demoText(brief: DemoBrief): string {
  return `${steeringPreface(brief)}${agentText(brief)}`;
}

/** How the demo shows it took people's steering into account: it quotes what it answers. */
function steeringPreface(brief: DemoBrief): string {
  const parts: string[] = [];
  if (brief.instruction) parts.push(`Redoing my answer as asked: “${brief.instruction}”`);
  for (const n of brief.notes ?? []) parts.push(`Taking ${midSentence(n.author)}'s note into account: “${n.content}”`);
  return parts.length ? `${parts.join("\n")}\n\n` : "";
}

/** A name as it reads inside a sentence: "The run's creator" → "the run's creator"; people's names unchanged. */
function midSentence(name: string): string {
  return /^(The|A) /.test(name) ? `${name[0]?.toLowerCase()}${name.slice(1)}` : name;
}

function agentText(brief: DemoBrief): string {
  const rand = prng(hashSeed(brief.seed, brief.agent, brief.role, brief.round, brief.task));
  // The first word of the role says what kind of agent this is ("refiner: applies the review").
  const kind = brief.role.toLowerCase().match(/^[a-z]+/)?.[0] ?? "";
  if (kind.startsWith("architect")) return architect(brief, rand);
  if (kind.startsWith("coder") || kind.startsWith("implement")) return coder(brief, rand);
  if (kind.startsWith("review")) return reviewer(brief, rand);
  if (kind.startsWith("refine")) return refiner(brief, rand);
  if (kind.startsWith("document")) return documenter(brief);
  if (kind.startsWith("judge")) return demoJudge(brief, rand);
  if (kind.startsWith("debat")) return demoDebater(brief, rand);
  return contestant(brief, rand);
}

/** Word-sized pieces (with their spacing), the way a model streams text. */
export function demoTokens(text: string): string[] {
  return text.match(/\s*[^\s]+|\s+/g) ?? [];
}
