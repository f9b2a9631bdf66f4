// The one place that reads process.env: validated once, typed everywhere else.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const positiveInt = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .transform((v) => v ?? fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PARLEY_DATA_DIR: z.string().min(1).default(".data"),
  PARLEY_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  PARLEY_TRUST_USER_HEADER: bool,
  PARLEY_STREAM_MAX_MS: positiveInt(280_000),
  PARLEY_KEEPALIVE_MS: positiveInt(15_000),
  /** Events kept per channel by the memory hub. */
  PARLEY_HUB_HISTORY: positiveInt(10_000),
  /** Bytes an SSE client may fall behind before it is cut off (it resumes from its cursor). */
  PARLEY_STREAM_QUEUE_BYTES: positiveInt(1024 * 1024),
  /** How long a reader may stay above that bound (a burst) before it counts as fallen behind. */
  PARLEY_STREAM_LAG_GRACE_MS: positiveInt(1000),
  /** Events for one reader within this window go out as one chunk (fewer, larger writes under load). */
  PARLEY_STREAM_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(0),
  /** How long someone stays "online" after their last stream closed (reconnects do not flap). */
  PARLEY_PRESENCE_GRACE_MS: positiveInt(5000),
  /** Multiplies every rate limit (tests and trusted deployments raise it; 1 is the documented default). */
  PARLEY_RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  UPSTASH_REDIS_REST_URL: z.string().url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  /** The Redis behind the REST bridge (`npm run redis-bridge`). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),
  /** The Bearer token the bridge requires (what the app gets as UPSTASH_REDIS_REST_TOKEN). */
  REDIS_BRIDGE_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  REDIS_BRIDGE_PORT: positiveInt(8079),
  /** Where the bridge listens; loopback unless the app runs on other hosts. */
  REDIS_BRIDGE_HOST: z.string().min(1).default("127.0.0.1"),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = load();

/** The signing secret; absent only when setup has not run. */
export function requireSecret(): string {
  if (!env.PARLEY_SECRET) {
    throw new Error("PARLEY_SECRET is not set: run `npm run setup` (writes it to .env.local) or set it.");
  }
  return env.PARLEY_SECRET;
}
