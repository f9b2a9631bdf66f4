import "server-only";
// Whether a browser's account cookie still stands for a sign-in: proxy.ts asks on every page load, so a
// sign-out (or an ended session) elsewhere turns this browser back into a guest at its next page.
import { getAuth } from "./auth";

/** The sign-in session's expiry when the request's better-auth session belongs to `userId`; else null. */
export async function standingSignIn(headers: Headers, userId: string): Promise<Date | null> {
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers });
  return found && found.user.id === userId ? new Date(found.session.expiresAt) : null;
}
