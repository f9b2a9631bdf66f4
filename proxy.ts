// Gives every browser a signed anonymous identity cookie on its first request (DESIGN.md "Identity"), and
// answers an expired invite link's page with 410 Gone (a page cannot choose its own status code).
import { type NextRequest, NextResponse } from "next/server";
import { IDENTITY_COOKIE, IDENTITY_MAX_AGE_S, newUserId, signIdentity, verifyIdentity } from "@/lib/auth/identity-cookie";
import { env } from "@/lib/env";
import { describeInvite } from "@/lib/sessions/invites";

export async function proxy(request: NextRequest) {
  const status = await pageStatus(request);
  const secret = env.PARLEY_SECRET;
  if (!secret || verifyIdentity(secret, request.cookies.get(IDENTITY_COOKIE)?.value)) {
    return NextResponse.next(status ? { status } : undefined);
  }

  const value = signIdentity(secret, newUserId());
  // The route or page handling this very request sees the new identity too.
  request.cookies.set(IDENTITY_COOKIE, value);
  const response = NextResponse.next({ request: { headers: request.headers }, ...(status && { status }) });
  const forwardedProto = request.headers.get("x-forwarded-proto");
  response.cookies.set(IDENTITY_COOKIE, value, {
    httpOnly: true,
    sameSite: "lax",
    secure: (forwardedProto ?? request.nextUrl.protocol.replace(":", "")) === "https",
    path: "/",
    maxAge: IDENTITY_MAX_AGE_S,
  });
  return response;
}

/** The status a page must answer with when it is not 200 or a plain 404: 410 for an expired invite link. */
async function pageStatus(request: NextRequest): Promise<number | undefined> {
  if (request.nextUrl.pathname !== "/join" || request.method !== "GET") return undefined;
  const invite = await describeInvite(request.nextUrl.searchParams.get("token") ?? "");
  return invite.status === "expired" ? 410 : undefined;
}

// Pages only: a browser loads a page before it calls the API, and a script calling the API without a
// cookie should be told it has no identity rather than be given a throwaway one.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
