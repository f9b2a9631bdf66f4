import "server-only";
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

const schema = z
  .object({
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
    /** The LLMHive document's setting: dev mode (full texts, progress and budget steps) on every orchestration stream. */
    LLMHIVE_DEV_MODE: bool,
    /**
     * LLMHive's manual test: an orchestration stream on any id that is not a run, and GET …/{id}/test
     * emitting a test event onto it, for anyone. `auto`: on where `npm start` runs by default (the embedded
     * database, the memory hub, not on Vercel), off in any deployment with a database, Redis or Vercel.
     */
    PARLEY_LLMHIVE_TEST_STREAMS: z.enum(["auto", "true", "false"]).default("auto"),
    PARLEY_STREAM_MAX_MS: positiveInt(280_000),
    PARLEY_KEEPALIVE_MS: positiveInt(15_000),
    /** How long AgentArea's batch mode (`…/tasks/{id}/execute` with enable_streaming false) waits for the task's end. */
    PARLEY_TASK_BATCH_WAIT_MS: z.coerce.number().int().min(100).max(250_000).default(120_000),
    /** Events kept per channel by the hub. */
    PARLEY_HUB_HISTORY: positiveInt(10_000),
    /**
     * What the hub's history may take in all, in bytes: the process's memory for the memory hub (estimated:
     * about 3× the events' JSON), Redis's for the upstash hub (the events' JSON). Beyond it the least recently
     * active channels lose their history first (their readers get `stream.reset`).
     */
    PARLEY_HUB_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(128 * 1024 * 1024),
    /** What one channel's history may take, in the same bytes (its oldest events go first). */
    PARLEY_HUB_CHANNEL_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(8 * 1024 * 1024),
    /** A channel nobody publishes to or watches is forgotten (memory) or expires (Redis) after this long. */
    PARLEY_HUB_TTL_S: positiveInt(24 * 60 * 60),
    /** Bytes an SSE client may fall behind before it is cut off (it resumes from its cursor). */
    PARLEY_STREAM_QUEUE_BYTES: positiveInt(1024 * 1024),
    /** How long a reader may stay above that bound (a burst) before it counts as fallen behind. */
    PARLEY_STREAM_LAG_GRACE_MS: positiveInt(1000),
    /** Events for one reader within this window go out as one chunk (fewer, larger writes under load). */
    PARLEY_STREAM_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(0),
    /** How long someone stays "online" after their last stream closed (reconnects do not flap). */
    PARLEY_PRESENCE_GRACE_MS: positiveInt(5000),
    /** How deeply a request's JSON may nest (event data included); deeper is refused with 422. */
    PARLEY_JSON_MAX_DEPTH: z.coerce.number().int().min(2).max(1000).default(64),
    /**
     * The request header a trusted proxy puts the client's address in (X-Real-IP, CF-Connecting-IP,
     * X-Forwarded-For — its last entry). Unset: the TCP peer's address, and client-sent headers count for nothing.
     */
    PARLEY_CLIENT_IP_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, "must be a header name")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Runs executing at once on this instance for one caller (identity, or address when anonymous), and overall. */
    PARLEY_RUNS_MAX_ACTIVE_PER_CLIENT: positiveInt(10),
    PARLEY_RUNS_MAX_ACTIVE: positiveInt(100),
    /** Concurrent SSE streams on this instance: per API key, per user, per client address, and overall (429 beyond). */
    PARLEY_STREAMS_PER_KEY: positiveInt(500),
    PARLEY_STREAMS_PER_USER: positiveInt(20),
    PARLEY_STREAMS_PER_ADDRESS: positiveInt(200),
    PARLEY_STREAMS_MAX: positiveInt(20_000),
    /**
     * Slow uploads (lib/http/server/upload-guard.ts): a request's headers must arrive within this long; its body may
     * pause at most this long between bytes (it may run for any length); one address may have at most this
     * many requests still sending headers or a body (not counted behind a proxy: PARLEY_CLIENT_IP_HEADER).
     */
    PARLEY_HEADERS_TIMEOUT_MS: positiveInt(10_000),
    PARLEY_BODY_IDLE_MS: positiveInt(60_000),
    PARLEY_UPLOADS_PER_ADDRESS: positiveInt(100),
    /** Set by Vercel on its platform, which routes only the project's own domains to it: its Host can be trusted. */
    VERCEL: bool,
    /**
     * How often each instance re-checks in the database that every open stream's reader may still read
     * (its key not revoked, still in its session): the fallback for a revocation or removal whose hub
     * message was lost. Those messages end streams within a second; this bounds what one lost message costs.
     */
    PARLEY_GRANT_RECHECK_MS: positiveInt(30_000),
    /** Sign-in with GitHub (lib/auth/accounts): an OAuth app's client id and secret. Both or neither. */
    GITHUB_CLIENT_ID: z.string().min(1).optional(),
    GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
    /** Sign-in with Google: an OAuth client's id and secret. Both or neither. */
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    /** Sign-in with any OpenID Connect provider: its issuer URL (discovery at <issuer>/.well-known/openid-configuration), client id and secret. */
    PARLEY_OIDC_ISSUER: z.string().url().optional(),
    PARLEY_OIDC_CLIENT_ID: z.string().min(1).optional(),
    PARLEY_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The OIDC provider's name on the sign-in button. */
    PARLEY_OIDC_NAME: z.string().min(1).max(40).default("Single sign-on"),
    /**
     * With a provider configured: `optional` — guests (anonymous cookies) still use Parley and may sign in;
     * `required` — every page and API call needs an account (API keys and the trusted header still work).
     * Without a provider it has no effect: everyone is a guest.
     */
    PARLEY_SIGN_IN: z.enum(["optional", "required"]).default("optional"),
    /** `parley login`: how long a terminal's login waits for a browser to allow it (s), and its polling interval (s). */
    PARLEY_CLI_LOGIN_TTL_S: positiveInt(600),
    PARLEY_CLI_LOGIN_INTERVAL_S: positiveInt(5),
    /** A proxy in front sets X-Forwarded-Host / X-Forwarded-Proto: only then do they count. */
    PARLEY_TRUST_PROXY: bool,
    /** The public origin (https://parley.example.com): invite links use it, and browser requests from it are same-origin. */
    PARLEY_PUBLIC_URL: z
      .string()
      .url()
      .transform((u) => new URL(u).origin)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Multiplies every rate limit and quota (tests and trusted deployments raise it; 1 is the documented default). */
    PARLEY_RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
    /**
     * Channel publishes a minute, per API key and per person (a client address gets twice as much):
     * requests, events, and bytes of request bodies (lib/auth/quota-table.ts has every other write's quota).
     */
    PARLEY_PUBLISH_REQUESTS_PER_MIN: positiveInt(3000),
    PARLEY_PUBLISH_EVENTS_PER_MIN: positiveInt(6000),
    PARLEY_PUBLISH_BYTES_PER_MIN: positiveInt(8 * 1024 * 1024),
    /** The same for what producers send into external runs (POST …/events and …/ag-ui, one budget). */
    PARLEY_PRODUCER_REQUESTS_PER_MIN: positiveInt(1200),
    PARLEY_PRODUCER_EVENTS_PER_MIN: positiveInt(12_000),
    PARLEY_PRODUCER_BYTES_PER_MIN: positiveInt(4 * 1024 * 1024),
    /** What one external run may hold: producer events taken, log entries (run.log, AG-UI RAW/CUSTOM) and stored bytes. */
    PARLEY_EXTERNAL_MAX_EVENTS: positiveInt(100_000),
    PARLEY_EXTERNAL_MAX_LOG_ENTRIES: positiveInt(10_000),
    PARLEY_EXTERNAL_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .max(1024 ** 3, "at most 1 GiB")
      .default(16 * 1024 * 1024),
    // Model providers: with none of these, agents use the built-in demo model.
    OPENAI_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    OPENAI_COMPATIBLE_BASE_URL: z.string().url().optional(),
    OPENAI_COMPATIBLE_API_KEY: z.string().min(1).optional(),
    /** Where OpenAI and Anthropic are reached (a proxy, a regional endpoint, a local fake in tests). */
    OPENAI_BASE_URL: z.string().url().default("https://api.openai.com/v1"),
    ANTHROPIC_BASE_URL: z.string().url().default("https://api.anthropic.com"),
    // The LLM gateway (lib/gateway): what it stores, how big a request may be, per-key defaults, the tap's buffer.
    PARLEY_GATEWAY_RECORD: z.enum(["preview", "full"]).default("preview"),
    PARLEY_GATEWAY_MAX_BODY_BYTES: positiveInt(8 * 1024 * 1024),
    PARLEY_GATEWAY_RPM: positiveInt(600),
    PARLEY_GATEWAY_BUDGET_USD: z.coerce.number().positive().optional(),
    /** The output cap a call on a key with a budget gets when it names none: its worst case must be known. */
    PARLEY_GATEWAY_DEFAULT_MAX_TOKENS: positiveInt(4096),
    PARLEY_GATEWAY_TAP_BUFFER_BYTES: positiveInt(4 * 1024 * 1024),
    /**
     * Whether keys people make on the keys page may call and watch the gateway: `auto` lets them while no
     * real provider is configured (the demo model costs nothing and its prompts are nobody's), not after.
     */
    PARLEY_GATEWAY_SELF_SERVE: z.enum(["auto", "true", "false"]).default("auto"),
    /** The model every agent uses unless a run says otherwise, e.g. openai:gpt-4o-mini, compatible:llama3.1. */
    PARLEY_DEFAULT_MODEL: z.string().min(1).optional(),
    /** JSON price overrides: {"openai:gpt-4o": {"input": 2.5, "output": 10}} in USD per million tokens. */
    PARLEY_MODEL_PRICES: z.string().optional(),
    /** Mean delay between the demo model's tokens. */
    PARLEY_DEMO_TOKEN_MS: z.coerce.number().min(0).max(1000).default(35),
    /** Token deltas are coalesced into one agent.token event per this many milliseconds. */
    PARLEY_TOKEN_FLUSH_MS: z.coerce.number().int().min(0).max(1000).default(40),
    /** A running turn's text so far is stored this often, so a reader starting over (stream.reset) sees it. */
    PARLEY_PARTIAL_TEXT_MS: positiveInt(1000),
    /** A model call that produces nothing for this long fails the turn. */
    PARLEY_TURN_TIMEOUT_MS: positiveInt(120_000),
    /** A running run whose instance has not sent a heartbeat for this long is declared lost (run.failed instance_lost). */
    PARLEY_RUN_LEASE_MS: positiveInt(30_000),
    /**
     * A lost run is picked up again by another instance (its interrupted turn retried) up to this many
     * times; after that — or with 0 — it fails as instance_lost.
     */
    PARLEY_RUN_MAX_RESUMES: z.coerce.number().int().min(0).max(100).default(3),
    /**
     * How long one function drives a built-in run before handing it on (lib/runs/execution/handoff.ts): the
     * run stops at the next turn boundary after this and continues in a fresh request. Unset: 200 s on
     * Vercel (the routes' maxDuration is 300 s; the rest is room for the turn in flight), never elsewhere.
     */
    PARLEY_RUN_SLICE_MS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3_600_000)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /**
     * Where a slice's hand-off request goes: this deployment's own origin as its functions reach it. Unset:
     * https://$VERCEL_URL on Vercel, else http://127.0.0.1:$PORT.
     */
    PARLEY_INTERNAL_URL: z
      .string()
      .url()
      .transform((u) => new URL(u).origin)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Set by Vercel: this deployment's own host name (the hand-off's default destination). */
    VERCEL_URL: z
      .string()
      .min(1)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Vercel's Deployment Protection bypass; sent with hand-off requests when set. */
    VERCEL_AUTOMATION_BYPASS_SECRET: z
      .string()
      .min(1)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Vercel's cron secret: GET /api/cron/sweep answers only `Authorization: Bearer <it>`. */
    CRON_SECRET: z
      .string()
      .min(16, "must be at least 16 characters")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** The in-process sweeper of lost runs and overdue gates (`off` where GET /api/cron/sweep does it instead). */
    PARLEY_SWEEPER: z.enum(["on", "off"]).default("on"),
    /** An external run whose producer has posted nothing for this many seconds fails as `producer_lost`. */
    PARLEY_EXTERNAL_IDLE_S: positiveInt(300),
    /**
     * The AG-UI agents Parley may call itself (POST /api/v1/runs {source: {ag_ui: {url}}}): a comma-separated
     * list of `host` or `host:port` (`*.example.com` for subdomains). Empty: Parley calls no agent — a URL
     * from a request is a way into the server's network (SSRF), so every host is opted in by the operator.
     */
    PARLEY_AG_UI_ALLOWED_HOSTS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(",")
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
    /** Require an identity (cookie or API key) to start runs; set it when real model keys are configured publicly. */
    PARLEY_RUNS_REQUIRE_AUTH: bool,
    /** Enables the bench's floor fixture (app/api/bench-floor); only `npm run bench` sets it. */
    PARLEY_BENCH_FLOOR: bool,
    /** The Redis of the bench's peer fixtures (app/api/bench-peer): resumable-stream's, through node-redis. */
    PARLEY_BENCH_REDIS_URL: z.string().url().optional(),
    /** The REST bridge @upstash/realtime's fixture speaks to (not Parley's hub, which keeps its own setting). */
    PARLEY_BENCH_REST_URL: z.string().url().optional(),
    PARLEY_BENCH_REST_TOKEN: z.string().min(1).optional(),
    /** A bearer token that may read GET /api/metrics (besides an admin token). */
    PARLEY_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** Where OpenTelemetry metrics and traces go (OTLP/HTTP); unset → no export, instruments are no-ops. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
    /** http/protobuf (default) or http/json, for both traces and metrics. */
    OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(["http/protobuf", "http/json"]).default("http/protobuf"),
    OTEL_SERVICE_NAME: z.string().min(1).default("parley"),
    /** How often metrics are exported over OTLP. */
    OTEL_METRIC_EXPORT_INTERVAL: positiveInt(60_000),
    UPSTASH_REDIS_REST_URL: z.string().url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  })
  .refine((env) => !env.GITHUB_CLIENT_ID === !env.GITHUB_CLIENT_SECRET, {
    message: "set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET together",
    path: ["GITHUB_CLIENT_SECRET"],
  })
  .refine((env) => !env.GOOGLE_CLIENT_ID === !env.GOOGLE_CLIENT_SECRET, {
    message: "set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET together",
    path: ["GOOGLE_CLIENT_SECRET"],
  })
  .refine((env) => !env.PARLEY_OIDC_ISSUER === !env.PARLEY_OIDC_CLIENT_ID, {
    message: "set PARLEY_OIDC_ISSUER and PARLEY_OIDC_CLIENT_ID (and PARLEY_OIDC_CLIENT_SECRET) together",
    path: ["PARLEY_OIDC_CLIENT_ID"],
  })
  .refine((env) => env.PARLEY_HUB_CHANNEL_BYTES <= env.PARLEY_HUB_MAX_BYTES, {
    message: "must not exceed PARLEY_HUB_MAX_BYTES",
    path: ["PARLEY_HUB_CHANNEL_BYTES"],
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

/** How long one function drives a run before handing it on, or null: never (see PARLEY_RUN_SLICE_MS). */
export function runSliceMs(): number | null {
  return env.PARLEY_RUN_SLICE_MS ?? (env.VERCEL ? 200_000 : null);
}

/** Where a hand-off request goes (see PARLEY_INTERNAL_URL). */
export function internalOrigin(): string {
  if (env.PARLEY_INTERNAL_URL) return env.PARLEY_INTERNAL_URL;
  if (env.VERCEL && env.VERCEL_URL) return `https://${env.VERCEL_URL}`;
  return `http://127.0.0.1:${env.PORT}`;
}

/** The signing secret; absent only when setup has not run. */
export function requireSecret(): string {
  if (!env.PARLEY_SECRET) {
    throw new Error("PARLEY_SECRET is not set: run `npm run setup` (writes it to .env.local) or set it.");
  }
  return env.PARLEY_SECRET;
}
