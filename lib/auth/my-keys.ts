import "server-only";
// The keys page: a person's own API keys — listed with their last use, and revoked — without a terminal.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { streamGrants } from "./stream-grants";

export const apiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

type Row = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const view = (k: Row): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  created_at: k.createdAt.toISOString(),
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
  revoked_at: k.revokedAt?.toISOString() ?? null,
});

/** My keys, newest first (revoked ones too, marked, so the list explains what stopped working). */
export async function listMyKeys(userId: string): Promise<ApiKeyView[]> {
  const db = await getDb();
  const rows = await db.apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 200 });
  return rows.map(view);
}

/**
 * Revokes one of my keys — and its read tokens, and every stream opened with either, on every instance
 * (lib/auth/stream-grants.ts). Someone else's key, or no key, is 404 (never reveal it exists).
 */
export async function revokeMyKey(userId: string, keyId: string): Promise<ApiKeyView> {
  const db = await getDb();
  const key = await db.apiKey.findFirst({ where: { id: keyId, userId } });
  if (!key) throw new AppError("not_found", "API key not found");
  const row = key.revokedAt ? key : await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
  // Again for a key revoked before: it costs nothing, and repeats an announcement that may have been lost.
  await streamGrants().revokeKey(row.id);
  return view(row);
}
