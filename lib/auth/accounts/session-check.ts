import "server-only";
// Whether a browser's account cookie still stands for a sign-in: proxy.ts asks on every page load, so a
// sign-out (or an ended session) elsewhere turns this browser back into a guest at its next page.
import { trustedOrigin } from "@/lib/http/identity/origin";
import { getAuth } from "./auth";

/** The sign-in session's expiry when the request's better-auth session belongs to `userId`; else null. */
export async function standingSignIn(request: Request, userId: string): Promise<Date | null> {
  const origin = trustedOrigin(request);
  if (!origin) return null;
  const auth = await getAuth(origin);
  const found = await auth.api.getSession({ headers: request.headers });
  return found && found.user.id === userId ? new Date(found.session.expiresAt) : null;
}
