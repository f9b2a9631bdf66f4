// Gives every browser a signed anonymous identity cookie on its first request (DESIGN.md "Identity"),
// and holds the invite page to the join limits.
import { type NextRequest, NextResponse } from "next/server";
import { IDENTITY_COOKIE, IDENTITY_MAX_AGE_S, newUserId, signIdentity, verifyIdentity } from "@/lib/auth/identity-cookie";
import { env } from "@/lib/env";
import { limitInvitePage } from "@/lib/http/invite-page-limit";
import { requestProtocol } from "@/lib/http/origin";

export async function proxy(request: NextRequest) {
  const secret = env.PARLEY_SECRET;
  if (!secret) return NextResponse.next();
  const identity = verifyIdentity(secret, request.cookies.get(IDENTITY_COOKIE)?.value);
  // Looking at an invite is a join attempt: the page has POST /join's limits.
  if (request.nextUrl.pathname === "/join") {
    const refused = await limitInvitePage(request, identity);
    if (refused) return refused;
  }
  if (identity) return NextResponse.next();

  const value = signIdentity(secret, newUserId());
  // The route or page handling this very request sees the new identity too.
  request.cookies.set(IDENTITY_COOKIE, value);
  const response = NextResponse.next({ request: { headers: request.headers } });
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

// Pages only: a browser loads a page before it calls the API, and a script calling the API without a
// cookie should be told it has no identity rather than be given a throwaway one.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
