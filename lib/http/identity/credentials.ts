import "server-only";
import { ACCOUNT_COOKIE, cookieValue, verifyAccount } from "@/lib/auth/account-cookie";
import { signInConfigured, signInRequired } from "@/lib/auth/accounts/providers";
import { type ApiKeyPrincipal, standingKey, verifyApiKey } from "@/lib/auth/api-keys";
import { KEY_USER_HEADER, type KeyCaller, userIdFromHeader, verifyKeyUser } from "@/lib/auth/header-identity";
import { IDENTITY_COOKIE, verifyIdentity } from "@/lib/auth/identity-cookie";
import { type ScopeAction, scopeAllows } from "@/lib/auth/scopes";
import { channelTokenKey, isAdminToken } from "@/lib/auth/tokens";
import { env, requireSecret } from "@/lib/env";
// Who is calling: an API key, a signed channel token, a signed admin token, or the browser's cookie identity.
import { AppError } from "@/lib/errors";
import { assertGatewayKey, isGatewayChannel } from "@/lib/gateway/access";
import { isOwnOrigin } from "@/lib/http/identity/origin";

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** The API key of the request, checked for `action` on the channel — or 401 / 403. */
export async function requireApiKey(request: Request, action: ScopeAction, channelName: string): Promise<ApiKeyPrincipal> {
  const key = bearerToken(request);
  if (!key) throw new AppError("unauthorized", "Send an API key: Authorization: Bearer <key> (create one on the /keys page)");
  const principal = await verifyApiKey(key);
  if (!principal) throw new AppError("unauthorized", "The API key is not valid or has been revoked");
  return allowed(principal, action, channelName);
}

/**
 * Who reads a channel's stream: the request's API key, or the key that minted its `?token=` — which
 * opens the stream only while that key stands and may still subscribe there. Or 401 / 403.
 */
export async function requireChannelReader(request: Request, channelName: string): Promise<{ keyId: string; token: boolean }> {
  const token = new URL(request.url).searchParams.get("token");
  if (token === null) return { keyId: (await requireApiKey(request, "subscribe", channelName)).keyId, token: false };
  const keyId = channelTokenKey(requireSecret(), token, channelName);
  const principal = keyId ? await standingKey(keyId) : null;
  if (!principal) {
    throw new AppError("unauthorized", "The read token is not valid for this channel, has expired, or its API key was revoked");
  }
  return { keyId: allowed(principal, "subscribe", channelName).keyId, token: true };
}

function allowed(principal: ApiKeyPrincipal, action: ScopeAction, channelName: string): ApiKeyPrincipal {
  if (!scopeAllows(principal.scopes, action, channelName)) {
    throw new AppError("forbidden", `This API key may not ${action} on channel ${channelName}`);
  }
  if (isGatewayChannel(channelName)) assertGatewayKey(principal);
  return principal;
}

/** A signed admin token (see scripts/apikey.ts) — or 401. */
export function requireAdmin(request: Request): void {
  const token = bearerToken(request);
  if (!token || !isAdminToken(requireSecret(), token)) {
    throw new AppError("unauthorized", "This endpoint needs an admin token signed with PARLEY_SECRET");
  }
}

/**
 * Who is calling: the trusted X-User-ID header when enabled (see header-identity.ts), else the owner of
 * the request's API key (verified by proxy.ts), else the signed-in account's cookie, else the browser's
 * guest cookie — unless sign-in is required, when a guest is nobody.
 */
export function identityOf(request: Request): string | null {
  if (env.PARLEY_TRUST_USER_HEADER) {
    const fromProxy = userIdFromHeader(request.headers.get("x-user-id"));
    if (fromProxy) return fromProxy;
  }
  const keyUser = keyCallerOf(request);
  if (keyUser) return keyUser.userId;
  if (!env.PARLEY_SECRET) return null;
  const cookies = request.headers.get("cookie");
  if (signInConfigured()) {
    const account = verifyAccount(env.PARLEY_SECRET, cookieValue(cookies, ACCOUNT_COOKIE));
    if (account) return account.userId;
    if (signInRequired()) return null;
  }
  return verifyIdentity(env.PARLEY_SECRET, cookieValue(cookies, IDENTITY_COOKIE));
}

/** Whether the caller is signed in to an account (its cookie), as opposed to a guest, a key or a proxy's id. */
export function signedInAccountOf(request: Request): string | null {
  if (!env.PARLEY_SECRET || !signInConfigured()) return null;
  return verifyAccount(env.PARLEY_SECRET, cookieValue(request.headers.get("cookie"), ACCOUNT_COOKIE))?.userId ?? null;
}

/** The API key a session or "me" request came with, as proxy.ts verified it (null: none, or no owner). */
function keyCallerOf(request: Request): KeyCaller | null {
  return env.PARLEY_SECRET ? verifyKeyUser(env.PARLEY_SECRET, request.headers.get(KEY_USER_HEADER)) : null;
}

/** The id of the API key the caller is acting through — when identityOf's answer came from it. */
export function keyIdOf(request: Request): string | null {
  if (env.PARLEY_TRUST_USER_HEADER && userIdFromHeader(request.headers.get("x-user-id"))) return null;
  return keyCallerOf(request)?.keyId ?? null;
}

/** Refuses a state-changing browser request from another site (cookies ride along cross-site). */
export function assertSameOrigin(request: Request): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  // Browsers send Sec-Fetch-Site even where they leave Origin out.
  if (request.headers.get("sec-fetch-site") === "cross-site") throw new AppError("forbidden", "Cross-site request refused");
  const origin = request.headers.get("origin");
  if (origin && !isOwnOrigin(request, origin)) throw new AppError("forbidden", "Cross-site request refused");
}

/** The caller's user id for a session endpoint — or 401. State-changing calls must come from our origin. */
export function requireUser(request: Request): string {
  assertSameOrigin(request);
  const userId = identityOf(request);
  if (!userId) {
    throw new AppError(
      "unauthorized",
      signInRequired()
        ? "Sign in first: this deployment requires an account (open /sign-in); from a script, send an API key made on the /keys page"
        : "No identity: in a browser, enable cookies and reload the page; from a script, send an API key made on the /keys page",
    );
  }
  return userId;
}
