import "server-only";
import { z } from "zod";
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { processGlobal } from "@/lib/process-global";
import { isOneLine, ONE_LINE_MESSAGE } from "@/lib/text-safety";
import { DEFAULT_SCOPES, scopeSchema } from "./scopes";
import { VerifiedCache } from "./verified-cache";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "name is required").max(100).refine(isOneLine, ONE_LINE_MESSAGE),
  scopes: z.array(scopeSchema).min(1).max(20).optional(),
  /** Limits on the key's calls through the LLM gateway; unset → the server's defaults. */
  gateway: z
    .object({
      budget_usd: z.number().positive().max(1_000_000).optional(),
      requests_per_minute: z.number().int().positive().max(1_000_000).optional(),
    })
    .strict()
    .optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The key itself: shown once, never stored. */
  key: string;
  prefix: string;
  scopes: string[];
  gateway: { budget_usd: number | null; requests_per_minute: number | null };
  created_at: string;
}

export interface ApiKeyPrincipal {
  keyId: string;
  name: string;
  scopes: string[];
  /** Daily budget and requests per minute through the gateway (null: the server's defaults). */
  gateway: { budgetUsd: number | null; requestsPerMinute: number | null };
  /** Who made the key (on the keys page): the key acts as them. Null for keys made by the admin script. */
  userId: string | null;
}

const KEY_PREFIX = "pk_";

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && value.length >= 40 && value.length <= 100;
}

/** A new key; `userId` makes it theirs (it then acts as them), and their user row is made if needed. */
export async function createApiKey(input: CreateApiKeyInput, userId: string | null = null): Promise<CreatedApiKey> {
  const { name, scopes = DEFAULT_SCOPES, gateway } = createApiKeySchema.parse(input);
  const key = `${KEY_PREFIX}${randomToken(32)}`;
  const db = await getDb();
  if (userId) await db.user.upsert({ where: { id: userId }, create: { id: userId }, update: {} });
  const row = await db.apiKey.create({
    data: {
      id: `key_${randomToken(12)}`,
      name,
      prefix: key.slice(0, 10),
      hash: sha256(key),
      scopes,
      userId,
      gatewayBudgetUsd: gateway?.budget_usd,
      gatewayRpm: gateway?.requests_per_minute,
    },
  });
  const limits = { budget_usd: row.gatewayBudgetUsd, requests_per_minute: row.gatewayRpm };
  return {
    id: row.id,
    name,
    key,
    prefix: row.prefix,
    scopes: row.scopes,
    gateway: limits,
    created_at: row.createdAt.toISOString(),
  };
}

// Verified keys are cached briefly so a busy publisher costs no database read per request, and
// concurrent first uses of a key share one read (and one lastUsedAt write, so that is written at most
// once per cache period). A revocation clears both caches at once on the instance that revokes, and on
// every instance that hears it on the hub (lib/auth/key-revocations.ts); elsewhere within CACHE_MS.
const CACHE_MS = 30_000;
const cacheOptions = { ttlMs: CACHE_MS, maxEntries: 10_000 };
// One cache per process (route handlers and proxy.ts are bundled apart), so a revocation clears it for all.
const cache = processGlobal("api-key-cache:v2", () => new VerifiedCache<ApiKeyPrincipal | null>(cacheOptions));
/** The same principals by key id: what read tokens and open streams name (they do not hold the key). */
const byId = processGlobal("api-key-by-id:v1", () => new VerifiedCache<ApiKeyPrincipal | null>(cacheOptions));

export async function verifyApiKey(key: string, now = Date.now()): Promise<ApiKeyPrincipal | null> {
  if (!looksLikeApiKey(key)) return null;
  const hash = sha256(key);
  return cache.get(hash, () => lookUpApiKey({ hash }, now), now);
}

/**
 * The key with this id while it stands (exists and is not revoked), else null. `notBefore`: an answer
 * looked up before then is not trusted (see VerifiedCache.get).
 */
export function standingKey(keyId: string, notBefore?: number): Promise<ApiKeyPrincipal | null> {
  const now = Date.now();
  return byId.get(keyId, () => lookUpApiKey({ id: keyId }, now), now, notBefore);
}

async function lookUpApiKey(where: { hash: string } | { id: string }, now: number): Promise<ApiKeyPrincipal | null> {
  const db = await getDb();
  const row = await db.apiKey.findUnique({ where });
  if (!row || row.revokedAt) return null;
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  return {
    keyId: row.id,
    name: row.name,
    scopes: row.scopes,
    gateway: { budgetUsd: row.gatewayBudgetUsd, requestsPerMinute: row.gatewayRpm },
    userId: row.userId,
  };
}

/** Forgets what this process knows of a key, so its revocation holds here from now on. */
export function forgetKey(keyId: string): void {
  byId.forget(keyId);
  cache.forgetWhere((principal) => principal?.keyId === keyId);
}

/** Forgets every key this process verified (revocations may have been missed: each is looked up again). */
export function forgetAllKeys(): void {
  byId.forgetWhere(() => true);
  cache.forgetWhere(() => true);
}
