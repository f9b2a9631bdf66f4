// `npm run soak -- [options]`: what the soak does, for how long, and the bounds it holds the server to.
import { parseArgs } from "node:util";

export const ATTACKS = ["publish", "runs", "comments", "slow"] as const;
export type Attack = (typeof ATTACKS)[number];

export interface SoakOptions {
  durationS: number;
  intervalS: number;
  attacks: Attack[];
  /** Attacker addresses: 127.0.0.2, 127.0.0.3… (the normal client is 127.0.0.1). */
  addresses: number;
  /** Per address: keys publishing, requests in flight, channels per key, events per request and their size. */
  publishKeys: number;
  publishConcurrency: number;
  channels: number;
  /** Per address: external runs fed at once, comment writers, slow connections of each kind. */
  runs: number;
  commenters: number;
  slow: number;
  redis: boolean;
  stopOnBreach: boolean;
  bounds: Bounds;
}

export interface Bounds {
  rssBytes: number;
  diskBytes: number;
  healthMs: number;
  deliveryMs: number;
  /** Growth of Redis's used_memory over the soak (--redis only). */
  redisBytes: number;
}

const MiB = 1024 * 1024;

export const USAGE = `Usage: npm run soak -- [options]
  --duration S        how long the attack lasts (180)
  --interval S        seconds per row of the table (10)
  --attacks LIST      publish,runs,comments,slow (all); none: the baseline
  --addresses N       attacker addresses 127.0.0.2… (1); the normal client is 127.0.0.1
  --publish-keys N    self-made keys publishing, per address (4)
  --concurrency N     publish requests in flight, per address (4)
  --channels N        channels per publishing key (30)
  --runs N            external runs fed at once, per address (4)
  --commenters N      comment writers (rotating identities), per address (4)
  --slow N            slow-header and slow-body connections (each), per address (500)
  --redis             upstash hub on REDIS_URL through the bridge (default: memory hub)
  --stop-on-breach    end at the first broken bound (default: run the full duration)
Bounds (a broken one exits 1):
  --max-rss-mb N      the server's RSS (1536: at rest it is 0.55–0.95 GiB with the embedded database)
  --max-disk-mb N     the embedded database's data directory on disk (1024)
  --health-ms N       every GET /api/health answers 200 within this (2000)
  --delivery-ms N     every event of the normal producer reaches the normal reader within this (5000)
  --max-redis-mb N    growth of Redis's used_memory (--redis; 512); the attack stops at once past it`;

export function parseOptions(argv: string[]): SoakOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string", default: "180" },
      interval: { type: "string", default: "10" },
      attacks: { type: "string", default: ATTACKS.join(",") },
      addresses: { type: "string", default: "1" },
      "publish-keys": { type: "string", default: "4" },
      concurrency: { type: "string", default: "4" },
      channels: { type: "string", default: "30" },
      runs: { type: "string", default: "4" },
      commenters: { type: "string", default: "4" },
      slow: { type: "string", default: "500" },
      redis: { type: "boolean", default: false },
      "stop-on-breach": { type: "boolean", default: false },
      "max-rss-mb": { type: "string", default: "1536" },
      "max-disk-mb": { type: "string", default: "1024" },
      "health-ms": { type: "string", default: "2000" },
      "delivery-ms": { type: "string", default: "5000" },
      "max-redis-mb": { type: "string", default: "512" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return null;
  const n = (name: keyof typeof values, min = 1) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return value;
  };
  // "none": the same soak without an attack, for the server's figures on this machine at rest.
  const attacks = values.attacks === "none" ? [] : values.attacks.split(",").filter(Boolean);
  const unknown = attacks.filter((a) => !(ATTACKS as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`unknown attack: ${unknown.join(", ")} (${ATTACKS.join(", ")})`);
  const addresses = n("addresses");
  // 127.0.0.2 to 127.0.0.254: loopback has them all; the last octet stays a plain host.
  if (addresses > 253) throw new Error("--addresses must be at most 253");
  return {
    durationS: n("duration"),
    intervalS: n("interval"),
    attacks: attacks as Attack[],
    addresses,
    publishKeys: n("publish-keys"),
    publishConcurrency: n("concurrency"),
    channels: n("channels"),
    runs: n("runs"),
    commenters: n("commenters"),
    slow: n("slow", 0),
    redis: values.redis,
    stopOnBreach: values["stop-on-breach"],
    bounds: {
      rssBytes: n("max-rss-mb") * MiB,
      diskBytes: n("max-disk-mb") * MiB,
      healthMs: n("health-ms"),
      deliveryMs: n("delivery-ms"),
      redisBytes: n("max-redis-mb") * MiB,
    },
  };
}
