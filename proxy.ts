// Runs before pages and a few API routes:
// - pages: gives every browser a signed anonymous identity cookie on its first request (DESIGN.md
//   "Identity"), holds the invite page to the join limits, and answers an expired or used-up invite link's
//   page with 410 Gone (a page cannot choose its status);
// - session and "me" API calls with an API key: verifies the key once and forwards its owner, signed, so
//   the key acts as the person who made it (lib/auth/header-identity.ts).
import { type NextRequest, NextResponse } from "next/server";
import { verifyApiKey } from "@/lib/auth/api-keys";
import { KEY_USER_HEADER, signKeyUser } from "@/lib/auth/header-identity";
import { IDENTITY_COOKIE, IDENTITY_MAX_AGE_S, newUserId, signIdentity, verifyIdentity } from "@/lib/auth/identity-cookie";
import { env } from "@/lib/env";
import { bearerToken } from "@/lib/http/identity/credentials";
import { requestProtocol } from "@/lib/http/identity/origin";
import { limitInvitePage } from "@/lib/http/invite-page-limit";
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
  // Looking at an invite is a join attempt: the page has POST /join's limits.
  if (secret && INVITE_PAGES.has(request.nextUrl.pathname)) {
    const refused = await limitInvitePage(request, identity);
    if (refused) return refused;
  }
  const status = await pageStatus(request);
  if (!secret || identity) return NextResponse.next(status ? { status } : undefined);

  const value = signIdentity(secret, newUserId());
  // The route or page handling this very request sees the new identity too.
  request.cookies.set(IDENTITY_COOKIE, value);
  const response = NextResponse.next({ request: { headers: request.headers }, ...(status && { status }) });
  // A response that hands out an identity is this visitor's alone: a shared cache or CDN keeping it
  // would give every later visitor the same identity. (Next keeps a Cache-Control already set.)
  response.headers.set("Cache-Control", "private, no-store");
  response.cookies.set(IDENTITY_COOKIE, value, {
    httpOnly: true,
    sameSite: "lax",
    secure: requestProtocol(request) === "https",
    path: "/",
    maxAge: IDENTITY_MAX_AGE_S,
  });
  return response;
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
