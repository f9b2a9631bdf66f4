// Runs before pages and a few API routes:
// - pages: gives every browser a signed anonymous identity cookie on its first request (DESIGN.md
//   "Identity"); checks that a signed-in browser's sign-in still stands (else it is its guest again), and
//   sends guests to /sign-in where sign-in is required; holds the invite page to the join limits, and answers an expired or used-up invite link's
//   page with 410 Gone (a page cannot choose its status);
// - session and "me" API calls with an API key: verifies the key once and forwards its owner, signed, so
//   the key acts as the person who made it (lib/auth/header-identity.ts).
import { type NextRequest, NextResponse } from "next/server";
import { ACCOUNT_COOKIE, verifyAccount } from "@/lib/auth/account-cookie";
import { signInConfigured, signInRequired } from "@/lib/auth/accounts/providers";
import { standingSignIn } from "@/lib/auth/accounts/session-check";
import { verifyApiKey } from "@/lib/auth/api-keys";
import { KEY_USER_HEADER, signKeyUser } from "@/lib/auth/header-identity";
import { IDENTITY_COOKIE, IDENTITY_MAX_AGE_S, newUserId, signIdentity, verifyIdentity } from "@/lib/auth/identity-cookie";
import { env } from "@/lib/env";
import { bearerToken } from "@/lib/http/identity/credentials";
import { requestProtocol } from "@/lib/http/identity/origin";
import { limitInvitePage } from "@/lib/http/invite-page-limit";
import { SHARE_PARAM } from "@/lib/runs/share/schemas";
import { describeInvite } from "@/lib/sessions/invites";

export async function proxy(request: NextRequest) {
  return request.nextUrl.pathname.startsWith("/api/") ? withKeyOwner(request) : forPage(request);
}

async function withKeyOwner(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.delete(KEY_USER_HEADER);
  const key = bearerToken(request);
  const principal = key ? await verifyApiKey(key) : null;
  if (principal?.userId && env.PARLEY_SECRET) {
    headers.set(KEY_USER_HEADER, signKeyUser(env.PARLEY_SECRET, { userId: principal.userId, keyId: principal.keyId }));
  }
  return NextResponse.next({ request: { headers } });
}

/** The invite page, at Parley's path and at the LLMHive document's (`/collaborate/join?token=…`). */
const INVITE_PAGES: ReadonlySet<string> = new Set(["/join", "/collaborate/join"]);

async function forPage(request: NextRequest) {
  const secret = env.PARLEY_SECRET;
  const identity = secret ? verifyIdentity(secret, request.cookies.get(IDENTITY_COOKIE)?.value) : null;
  const account = secret ? await signedInAccount(request, secret) : null;
  if (signInRequired() && !account?.userId && !OPEN_WHEN_SIGN_IN_REQUIRED(request)) return toSignIn(request);
  // Looking at an invite is a join attempt: the page has POST /join's limits.
  if (secret && INVITE_PAGES.has(request.nextUrl.pathname)) {
    const refused = await limitInvitePage(request, account?.userId ?? identity);
    if (refused) return refused;
  }
  const status = await pageStatus(request);
  if (!secret || (identity && !account?.stale)) return NextResponse.next(status ? { status } : undefined);

  const value = identity ? null : signIdentity(secret, newUserId());
  // The route or page handling this very request sees the new identity too (and no longer the stale account).
  if (value) request.cookies.set(IDENTITY_COOKIE, value);
  if (account?.stale) request.cookies.delete(ACCOUNT_COOKIE);
  const response = NextResponse.next({ request: { headers: request.headers }, ...(status && { status }) });
  // A response that hands out an identity is this visitor's alone: a shared cache or CDN keeping it
  // would give every later visitor the same identity. (Next keeps a Cache-Control already set.)
  response.headers.set("Cache-Control", "private, no-store");
  if (account?.stale) response.cookies.delete(ACCOUNT_COOKIE);
  if (value) {
    response.cookies.set(IDENTITY_COOKIE, value, {
      httpOnly: true,
      sameSite: "lax",
      secure: requestProtocol(request) === "https",
      path: "/",
      maxAge: IDENTITY_MAX_AGE_S,
    });
  }
  return response;
}

/**
 * The signed-in account, when its cookie is valid and its sign-in still stands (a sign-out or an ended
 * session elsewhere makes it `stale`: the cookie goes and the browser is its guest again).
 */
async function signedInAccount(request: NextRequest, secret: string): Promise<{ userId: string | null; stale: boolean }> {
  if (!signInConfigured()) return { userId: null, stale: false };
  const account = verifyAccount(secret, request.cookies.get(ACCOUNT_COOKIE)?.value);
  if (!account) return { userId: null, stale: request.cookies.has(ACCOUNT_COOKIE) };
  const stands = await standingSignIn(request, account.userId).catch(() => null);
  return stands ? { userId: account.userId, stale: false } : { userId: null, stale: true };
}

/** Where a guest may still go when sign-in is required: signing in, and a run opened by its share link. */
function OPEN_WHEN_SIGN_IN_REQUIRED(request: NextRequest): boolean {
  const path = request.nextUrl.pathname;
  return path === "/sign-in" || (path.startsWith("/runs/") && request.nextUrl.searchParams.has(SHARE_PARAM));
}

function toSignIn(request: NextRequest) {
  const target = new URL("/sign-in", request.nextUrl);
  target.search = "";
  target.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(target, { headers: { "Cache-Control": "private, no-store" } });
}

/** The status a page must answer with when it is not 200 or a plain 404: 410 for an expired or used-up invite link. */
async function pageStatus(request: NextRequest): Promise<number | undefined> {
  if (!INVITE_PAGES.has(request.nextUrl.pathname) || request.method !== "GET") return undefined;
  const invite = await describeInvite(request.nextUrl.searchParams.get("token") ?? "");
  return invite.status === "expired" || invite.status === "used" ? 410 : undefined;
}

// Pages: a browser loads a page before it calls the API, and a script calling the API without a cookie
// should be told it has no identity rather than be given a throwaway one (nor may a health check: /health). API routes only where an API key
// must act as its owner, and only when one is sent: publishing and streaming never pass through here.
// (Next reads this statically: literals only.)
export const config = {
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|api/|health$).*)",
    { source: "/api/v1/collaborate/:path*", has: [{ type: "header", key: "authorization", value: "Bearer pk_.*" }] },
    { source: "/api/v1/me/:path*", has: [{ type: "header", key: "authorization", value: "Bearer pk_.*" }] },
    { source: "/api/v1/agents/:path*", has: [{ type: "header", key: "authorization", value: "Bearer pk_.*" }] },
  ],
};
