// The signed-in browser: a signed, HttpOnly cookie naming the account, with the expiry of the sign-in
// session it came from. It sits beside the guest cookie (identity-cookie.ts) and wins over it; signing out
// or the session ending removes it and the browser is a guest again. Pure (the secret is passed in), so
// proxy.ts and every route read it without a database round trip; proxy.ts checks on each page load that
// the sign-in session still stands (lib/auth/accounts/session-check.ts).
import { isUserId } from "./identity-cookie";
import { mintToken, verifyToken } from "./signing";

export const ACCOUNT_COOKIE = "parley_account";
const PURPOSE = "account";

export function signAccount(secret: string, userId: string, expiresAt: Date, now = Date.now()): string {
  const ttl = Math.max(1, Math.floor((expiresAt.getTime() - now) / 1000));
  return mintToken(secret, PURPOSE, { sub: userId }, ttl, now).token;
}

/** The account's user id and the cookie's expiry, when the value is validly signed and unexpired; else null. */
export function verifyAccount(
  secret: string,
  value: string | undefined | null,
  now = Date.now(),
): { userId: string; expiresAt: Date } | null {
  if (!value) return null;
  const claims = verifyToken(secret, PURPOSE, value, now);
  const sub = claims?.sub;
  if (typeof sub !== "string" || !isUserId(sub) || typeof claims?.exp !== "number") return null;
  return { userId: sub, expiresAt: new Date(claims.exp * 1000) };
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | null, name: string): string | null {
  const raw = (header ?? "")
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
