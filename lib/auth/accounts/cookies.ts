import "server-only";
// Parley's cookies around better-auth's sign-in and sign-out (auth.ts calls these from its after-hook).
import { env, requireSecret } from "@/lib/env";
import { ACCOUNT_COOKIE, signAccount } from "../account-cookie";
import { IDENTITY_COOKIE, IDENTITY_MAX_AGE_S, newUserId, signIdentity, verifyIdentity } from "../identity-cookie";
import { mergeGuestIntoAccount } from "./merge";

/** What of better-auth's endpoint context these need. */
export interface CookieContext {
  getCookie(name: string): string | null;
  setCookie(name: string, value: string, options?: Record<string, unknown>): string;
  request?: Request | undefined;
}

function attributes(ctx: CookieContext, maxAge: number) {
  const https = env.PARLEY_PUBLIC_URL?.startsWith("https:") ?? ctx.request?.url.startsWith("https:") ?? false;
  return { httpOnly: true, sameSite: "lax", secure: https, path: "/", maxAge };
}

/** Signed in: the browser's guest (if any) merges into the account, and the account cookie is set. */
export async function accountCookieAfterSignIn(ctx: CookieContext, userId: string, expiresAt: Date): Promise<void> {
  const secret = requireSecret();
  const guest = verifyIdentity(secret, ctx.getCookie(IDENTITY_COOKIE));
  if (guest && guest !== userId) await mergeGuestIntoAccount(guest, userId);
  const maxAge = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  ctx.setCookie(ACCOUNT_COOKIE, signAccount(secret, userId, expiresAt), attributes(ctx, maxAge));
}

/** Signed out: the account cookie goes, and the browser starts over as a new guest. */
export function accountCookieAfterSignOut(ctx: CookieContext): void {
  ctx.setCookie(ACCOUNT_COOKIE, "", attributes(ctx, 0));
  ctx.setCookie(IDENTITY_COOKIE, signIdentity(requireSecret(), newUserId()), attributes(ctx, IDENTITY_MAX_AGE_S));
}
