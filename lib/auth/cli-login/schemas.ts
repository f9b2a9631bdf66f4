// `parley login`'s wire shapes (docs/cli.md › Signing in), once: the routes parse with them, the terminal
// and the page type their answers from them. Pure zod.
import { z } from "zod";
import { isOneLine, ONE_LINE_MESSAGE } from "@/lib/text-safety";

/** What the key a terminal receives may do: follow channels (`parley tail`, `parley gateway`); runs and sessions act as its owner. */
export const CLI_KEY_SCOPES = ["subscribe:*"];

export const startLoginSchema = z
  .object({
    /** The terminal's machine: the key is named "parley CLI on <client_name>". */
    client_name: z.string().trim().min(1).max(60).refine(isOneLine, ONE_LINE_MESSAGE).optional(),
  })
  .strict();
export type StartLoginInput = z.infer<typeof startLoginSchema>;

export const startedLoginSchema = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string(),
  expires_in: z.number(),
  interval: z.number(),
});
export type StartedLogin = z.infer<typeof startedLoginSchema>;

export const tokenRequestSchema = z.object({ device_code: z.string().min(1).max(200) }).strict();

export const issuedKeySchema = z.object({
  api_key: z.string(),
  key_id: z.string(),
  user: z.object({ id: z.string(), display_name: z.string().nullable() }),
});
export type IssuedKey = z.infer<typeof issuedKeySchema>;

export const decisionSchema = z.object({ user_code: z.string().min(1).max(32), decision: z.enum(["allow", "deny"]) }).strict();
export type DecisionInput = z.infer<typeof decisionSchema>;

export const decidedLoginSchema = z.object({
  status: z.enum(["approved", "denied"]),
  key_name: z.string(),
  key_id: z.string().nullable(),
});
export type DecidedLogin = z.infer<typeof decidedLoginSchema>;

/** The `parley login` defaults and bounds: a pending login lives this long and is polled this often. */
export const CLI_LOGIN_LIMITS = {
  /** Pending logins one client address may hold at once (429 beyond). */
  pendingPerAddress: 10,
  /** Pending logins the whole server holds at once (503 beyond). */
  pendingPerServer: 10_000,
  /** An expired or finished login is forgotten this long after it expires. */
  keepAfterExpiryMs: 60 * 60_000,
} as const;
