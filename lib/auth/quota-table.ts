// What every write a visitor can make may cost: requests, events and bytes per window, counted per API
// key, per person (identity) and per client address — identities and keys are free to make, addresses
// are not. One table for every write path; the numbers are safe for a public deployment, and the
// heavy ones (channel publishes, producers' events) have settings (lib/env.ts). Pure: lib/auth/quotas.ts
// charges the buckets this module names.

export type QuotaKind =
  | "publish"
  | "produce"
  | "comment"
  | "message"
  | "typing"
  | "testEvent"
  | "note"
  | "vote"
  | "createKey"
  | "cliLogin"
  | "createAgent"
  | "createTask"
  | "createSession"
  | "join"
  | "signIn"
  | "shareLink"
  | "run"
  | "stream"
  | "gateway";

export type Subject = "key" | "person" | "address";
export type Measure = "requests" | "events" | "bytes";
export type Amounts = Partial<Record<Measure, number>>;

/** Limits counted over one window, for each of its subjects separately. */
export interface Rule extends Amounts {
  subjects: readonly Subject[];
  windowMs: number;
}

/** Who pays: the API key the request carries, the person it acts as, and the address it came from. */
export interface Payer {
  key?: string | null;
  person?: string | null;
  address: string | null;
}

/** The limits an operator sets (per key and per person; an address gets twice as much). */
export interface QuotaSettings {
  /** Multiplies every limit (PARLEY_RATE_LIMIT_SCALE). */
  scale: number;
  publish: Required<Amounts>;
  produce: Required<Amounts>;
  gatewayRequestsPerMinute: number;
}

export const KiB = 1024;
export const MiB = 1024 * KiB;
const SECONDS_10 = 10_000;
const MINUTE = 60_000;
const identity = ["key", "person"] as const;
const address = ["address"] as const;

const twice = (a: Required<Amounts>): Required<Amounts> => ({
  requests: a.requests * 2,
  events: a.events * 2,
  bytes: a.bytes * 2,
});

/** The table, unscaled. Windows of 10 s keep bursts of chat-like writes short; bytes are per minute. */
function baseRules(s: QuotaSettings): Record<QuotaKind, Rule[]> {
  const minute = (subjects: readonly Subject[], amounts: Amounts): Rule => ({ subjects, windowMs: MINUTE, ...amounts });
  const tenSeconds = (subjects: readonly Subject[], amounts: Amounts): Rule => ({ subjects, windowMs: SECONDS_10, ...amounts });
  return {
    publish: [minute(identity, s.publish), minute(address, twice(s.publish))],
    produce: [minute(identity, s.produce), minute(address, twice(s.produce))],
    comment: [
      tenSeconds(identity, { requests: 20 }),
      minute(identity, { bytes: 256 * KiB }),
      minute(address, { requests: 60, bytes: 512 * KiB }),
    ],
    message: [
      tenSeconds(identity, { requests: 30 }),
      minute(identity, { bytes: 512 * KiB }),
      minute(address, { requests: 120, bytes: 1 * MiB }),
    ],
    typing: [tenSeconds(identity, { requests: 30 }), minute(address, { requests: 300 })],
    // LLMHive's manual test (GET …/orchestration/{id}/test), where it is served: anonymous, so per address.
    testEvent: [tenSeconds(address, { requests: 20 })],
    note: [
      tenSeconds(identity, { requests: 10 }),
      minute(identity, { bytes: 128 * KiB }),
      minute(address, { requests: 60, bytes: 256 * KiB }),
    ],
    vote: [
      tenSeconds(identity, { requests: 20 }),
      minute(identity, { bytes: 128 * KiB }),
      minute(address, { requests: 60, bytes: 256 * KiB }),
    ],
    createKey: [minute(identity, { requests: 10 }), minute(address, { requests: 20 })],
    // `parley login` starts: anonymous (a terminal has no identity yet), so per address only.
    cliLogin: [minute(address, { requests: 10 })],
    createAgent: [minute(identity, { requests: 30, bytes: 512 * KiB }), minute(address, { requests: 60, bytes: 1 * MiB })],
    // AgentArea's tasks: a row each until executed (then a run, charged as one); anonymous on built-in agents.
    createTask: [minute(identity, { requests: 30, bytes: 512 * KiB }), minute(address, { requests: 60, bytes: 1 * MiB })],
    createSession: [minute(identity, { requests: 10 }), minute(address, { requests: 20 })],
    join: [minute(identity, { requests: 20 }), minute(address, { requests: 40 })],
    // Every request to /api/auth (a sign-in is two: its start and the provider's callback; each can cost a
    // round trip to the provider).
    signIn: [minute(["person"], { requests: 30 }), minute(address, { requests: 60 })],
    shareLink: [minute(identity, { requests: 10 }), minute(address, { requests: 20 })],
    run: [minute(identity, { requests: 20, bytes: 4 * MiB }), minute(address, { requests: 40, bytes: 8 * MiB })],
    // Not writes, but counted the same way: opening streams, and calls through the LLM gateway per key.
    stream: [minute(["person"], { requests: 60 })],
    gateway: [minute(["key"], { requests: s.gatewayRequestsPerMinute })],
  };
}

const scaled = (n: number, scale: number) => Math.max(1, Math.round(n * scale));

/** The table with PARLEY_RATE_LIMIT_SCALE applied. */
export function quotaRules(settings: QuotaSettings): Record<QuotaKind, Rule[]> {
  const rules = baseRules(settings);
  const measures: Measure[] = ["requests", "events", "bytes"];
  for (const list of Object.values(rules)) {
    for (const rule of list) {
      for (const m of measures) if (rule[m] !== undefined) rule[m] = scaled(rule[m], settings.scale);
    }
  }
  return rules;
}

export interface Bucket {
  /** Unique per kind, subject, measure, window and payer. */
  id: string;
  subject: Subject;
  measure: Measure;
  windowMs: number;
  limit: number;
  cost: number;
}

/**
 * The buckets one write is charged to. A caller with neither key nor identity is counted by address —
 * in one shared bucket only when not even the address can be known. `override` replaces the table's
 * limits (an API key's own gateway requests per minute).
 */
export function bucketsFor(
  kind: QuotaKind,
  rules: readonly Rule[],
  payer: Payer,
  cost: Amounts,
  override: Amounts = {},
): Bucket[] {
  const buckets: Bucket[] = [];
  for (const rule of rules) {
    for (const subject of rule.subjects) {
      const who = subjectId(payer, subject);
      if (who === null) continue;
      for (const measure of ["requests", "events", "bytes"] as const) {
        const limit = override[measure] ?? rule[measure];
        const amount = cost[measure] ?? 0;
        if (limit === undefined || amount <= 0) continue;
        const id = `${kind}:${subject}:${measure}:${rule.windowMs}:${who}`;
        buckets.push({ id, subject, measure, windowMs: rule.windowMs, limit, cost: amount });
      }
    }
  }
  return buckets;
}

function subjectId(payer: Payer, subject: Subject): string | null {
  if (subject === "key") return payer.key || null;
  if (subject === "person") return payer.person || null;
  if (payer.address) return addressBucket(payer.address);
  return payer.key || payer.person ? null : "unknown";
}

/**
 * The address a quota counts: an IPv4 address as it is, an IPv6 address by its /64 — one subscriber's
 * network, where every host can pick any of 2^64 addresses — and an IPv4-mapped IPv6 address as IPv4.
 */
export function addressBucket(address: string): string {
  const bare =
    address
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, "")
      .split("%")[0] ?? "";
  if (!bare.includes(":")) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const [head = "", tail] = bare.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return bare;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
