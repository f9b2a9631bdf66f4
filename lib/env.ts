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
  // Model providers: with none of these, agents use the built-in demo model.
  OPENAI_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  OPENAI_COMPATIBLE_BASE_URL: z.string().url().optional(),
  OPENAI_COMPATIBLE_API_KEY: z.string().min(1).optional(),
  /** The model every agent uses unless a run says otherwise, e.g. openai:gpt-4o-mini, compatible:llama3.1. */
  PARLEY_DEFAULT_MODEL: z.string().min(1).optional(),
  /** JSON price overrides: {"openai:gpt-4o": {"input": 2.5, "output": 10}} in USD per million tokens. */
  PARLEY_MODEL_PRICES: z.string().optional(),
  /** Mean delay between the demo model's tokens. */
  PARLEY_DEMO_TOKEN_MS: z.coerce.number().min(0).max(1000).default(35),
  /** Token deltas are coalesced into one agent.token event per this many milliseconds. */
  PARLEY_TOKEN_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(40),
  /** A model call that produces nothing for this long fails the turn. */
  PARLEY_TURN_TIMEOUT_MS: positiveInt(120_000),
  /** A running run whose instance has not sent a heartbeat for this long is declared lost (run.failed instance_lost). */
  PARLEY_RUN_LEASE_MS: positiveInt(30_000),
  /**
   * A lost run is picked up again by another instance (its interrupted turn retried) up to this many
   * times; after that — or with 0 — it fails as instance_lost.
   */
  PARLEY_RUN_MAX_RESUMES: z.coerce.number().int().min(0).max(100).default(3),
  /** Require an identity (cookie or API key) to start runs; set it when real model keys are configured publicly. */
  PARLEY_RUNS_REQUIRE_AUTH: bool,
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
