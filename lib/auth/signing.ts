// HMAC-SHA256 signatures and signed, expiring tokens, keyed by PARLEY_SECRET. Pure: the secret is passed in.
import { createHmac } from "node:crypto";
import { z } from "zod";
import { safeEqual } from "@/lib/crypto";

export function sign(secret: string, purpose: string, value: string): string {
  return createHmac("sha256", secret).update(`${purpose}\n${value}`).digest("base64url");
}

const TOKEN_PREFIX = "pt1";
/** Whatever a token claims, it claims an expiry. */
const claimsSchema = z.looseObject({ exp: z.number() });

/** `pt1.<base64url json claims>.<signature>`; claims always carry `exp` (seconds since epoch). */
export function mintToken(
  secret: string,
  purpose: string,
  claims: Record<string, unknown>,
  ttlSeconds: number,
  now = Date.now(),
) {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const body = Buffer.from(JSON.stringify({ ...claims, exp })).toString("base64url");
  return { token: `${TOKEN_PREFIX}.${body}.${sign(secret, purpose, body)}`, expiresAt: new Date(exp * 1000) };
}

/** The token's claims when its signature is valid for `purpose` and it has not expired; else null. */
export function verifyToken(secret: string, purpose: string, token: string, now = Date.now()): Record<string, unknown> | null {
  const [prefix, body, signature, ...rest] = token.split(".");
  if (prefix !== TOKEN_PREFIX || !body || !signature || rest.length > 0) return null;
  if (!safeEqual(signature, sign(secret, purpose, body))) return null;
  try {
    const claims = claimsSchema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    if (!claims.success || claims.data.exp * 1000 <= now) return null;
    return claims.data;
  } catch {
    return null;
  }
}
