import "server-only";
// Invite links: random tokens (256 bits, url-safe), stored only as SHA-256, with expiry and revocation;
// a single-use link is used up by the first join (./membership.ts).
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { randomId } from "@/lib/ids";
import { requireAccess } from "./access";
import { assertMayBindEmail } from "./invite-email";
import type { CreateInviteInput } from "./schemas";

export function inviteUrl(baseUrl: string, token: string): string {
  return new URL(`/join?token=${encodeURIComponent(token)}`, baseUrl).toString();
}

export function newInviteToken(): { token: string; hash: string } {
  const token = randomToken(32);
  return { token, hash: sha256(token) };
}

export interface InviteView {
  invite_id: string;
  role: string;
  created_at: string;
  expires_at: string;
  revoked: boolean;
  expired: boolean;
  /** Works for one join only. */
  single_use: boolean;
  /** When a single-use link was used up; null while it still works (and always for a multi-use link). */
  used_at: string | null;
  /** Bound to a person: only the signed-in account with this verified email joins by it (./invite-email.ts). */
  email: string | null;
}

export async function createInvite(
  input: CreateInviteInput & { sessionId: string; userId: string | null; baseUrl: string },
): Promise<InviteView & { invite_token: string; invite_url: string }> {
  const { userId } = await requireAccess(input.sessionId, input.userId, "manage");
  assertMayBindEmail(input.email);
  const db = await getDb();
  const { token, hash } = newInviteToken();
  const now = new Date();
  const invite = await db.$transaction(async (tx) => {
    if (input.revoke_existing) {
      await tx.invite.updateMany({
        // Rotating the shared link of a role: the one-person links already handed out stay good.
        where: { sessionId: input.sessionId, role: input.role, revokedAt: null, singleUse: false, email: null },
        data: { revokedAt: now },
      });
    }
    return tx.invite.create({
      data: {
        id: randomId("inv"),
        sessionId: input.sessionId,
        tokenHash: hash,
        role: input.role,
        createdBy: userId,
        singleUse: input.single_use,
        email: input.email ?? null,
        expiresAt: new Date(now.getTime() + input.expires_in_s * 1000),
      },
    });
  });
  return { ...inviteView(invite), invite_token: token, invite_url: inviteUrl(input.baseUrl, token) };
}

export async function listInvites(sessionId: string, userId: string | null): Promise<InviteView[]> {
  await requireAccess(sessionId, userId, "manage");
  const db = await getDb();
  const invites = await db.invite.findMany({ where: { sessionId }, orderBy: { createdAt: "desc" } });
  return invites.map(inviteView);
}

/** Owner only; revoking twice is fine. */
export async function revokeInvite(sessionId: string, inviteId: string, userId: string | null): Promise<InviteView> {
  await requireAccess(sessionId, userId, "manage");
  const db = await getDb();
  const invite = await db.invite.findFirst({ where: { id: inviteId, sessionId } });
  if (!invite) throw new AppError("not_found", "Invite not found");
  const revoked = invite.revokedAt
    ? invite
    : await db.invite.update({ where: { id: inviteId }, data: { revokedAt: new Date() } });
  return inviteView(revoked);
}

function inviteView(i: {
  id: string;
  role: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  singleUse: boolean;
  usedAt: Date | null;
  email: string | null;
}): InviteView {
  return {
    invite_id: i.id,
    role: i.role,
    created_at: i.createdAt.toISOString(),
    expires_at: i.expiresAt.toISOString(),
    revoked: i.revokedAt !== null,
    expired: i.expiresAt.getTime() <= Date.now(),
    single_use: i.singleUse,
    used_at: i.usedAt?.toISOString() ?? null,
    email: i.email,
  };
}

export type InviteStatus =
  | { status: "valid"; session_id: string; title: string; role: string; email: string | null }
  | { status: "expired" }
  | { status: "used" }
  | { status: "invalid" };

/** What the join page tells a person about a link before they give their name. */
export async function describeInvite(token: string): Promise<InviteStatus> {
  if (!token || token.length > 200) return { status: "invalid" };
  const db = await getDb();
  const invite = await db.invite.findUnique({ where: { tokenHash: sha256(token) }, include: { session: true } });
  if (!invite || invite.revokedAt) return { status: "invalid" };
  if (invite.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  if (invite.usedAt) return { status: "used" };
  return { status: "valid", session_id: invite.sessionId, title: invite.session.title, role: invite.role, email: invite.email };
}
