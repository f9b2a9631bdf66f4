import "server-only";
// Invites bound to a person (issue 21): an owner may make an invite for one email; only a signed-in
// account whose verified email is that one joins by it. Anyone else holding the link — a guest, another
// account — is told whom it is for. It needs sign-in configured: without accounts nobody could use it.
import { signInConfigured } from "@/lib/auth/accounts/providers";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** 422 when an owner binds an invite to an email on a deployment without sign-in. */
export function assertMayBindEmail(email: string | undefined): void {
  if (email && !signInConfigured()) {
    throw new AppError(
      "validation_failed",
      "An invite for one email needs sign-in configured on this deployment (README › Sign-in); leave email out",
    );
  }
}

export type EmailMismatch = { reason: "guest" | "other_account"; invite_email: string; signed_in_as: string | null };

/** Why `userId` may not join by an invite bound to `inviteEmail` — null when they may (or it is not bound). */
export async function emailMismatch(inviteEmail: string | null, userId: string | null): Promise<EmailMismatch | null> {
  if (!inviteEmail) return null;
  const db = await getDb();
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } }) : null;
  const email = user?.email ?? null;
  if (!signInConfigured() || !email) return { reason: "guest", invite_email: inviteEmail, signed_in_as: null };
  if (user?.emailVerified && email.toLowerCase() === inviteEmail) return null;
  return { reason: "other_account", invite_email: inviteEmail, signed_in_as: email };
}

/** The refusal of a join by someone else than the invite's person (403). */
export function mismatchError(m: EmailMismatch): AppError {
  return new AppError("forbidden", mismatchText(m));
}

export function mismatchText(m: EmailMismatch): string {
  return m.reason === "guest"
    ? `This invite is for ${m.invite_email}: sign in as ${m.invite_email} to join`
    : `This invite is for ${m.invite_email}; you are signed in as ${m.signed_in_as} (or that email is not verified): sign in as ${m.invite_email} to join`;
}
