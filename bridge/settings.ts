// The bridge's own settings, validated once. The bridge is a standalone server: it reads only these
// variables, never the app's environment (lib/env.ts), and the app never reads these.
import { z } from "zod";

const schema = z.object({
  /** The Redis behind the bridge. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),
  /** The Bearer token the bridge requires (what the app gets as UPSTASH_REDIS_REST_TOKEN). */
  REDIS_BRIDGE_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  REDIS_BRIDGE_PORT: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .transform((v) => v ?? 8079),
  /** Where the bridge listens; loopback unless the app runs on other hosts. */
  REDIS_BRIDGE_HOST: z.string().min(1).default("127.0.0.1"),
});

export type BridgeSettings = z.infer<typeof schema>;

/** The settings from `source` (the process environment by default); throws naming every invalid variable. */
export function loadSettings(source: Record<string, string | undefined> = process.env): BridgeSettings {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
