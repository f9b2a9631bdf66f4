import "server-only";
// Joining, leaving, and the owner's management of participants.
import { avatarsOf } from "@/lib/auth/accounts/profile";
import { ensureUser } from "@/lib/auth/users";
import { sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { sessionChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { requireAccess } from "./access";
import { emailMismatch, mismatchError } from "./invite-email";
import { onlineUsers } from "./presence";
import type { JoinInput, Role } from "./schemas";
import { type JoinResult, type ParticipantView, participantView } from "./views";

/**
 * Joins by invite token. Idempotent for someone already in; `max_participants` holds under concurrent
 * joins because the session row is locked while the seat is counted and taken. A single-use link is used
 * up by the join it admits, in one conditional update: of any number of racing joins, one gets in.
 */
export async function joinSession(input: JoinInput & { userId: string }): Promise<JoinResult> {
  const db = await getDb();
  const invite = await db.invite.findUnique({ where: { tokenHash: sha256(input.invite_token) }, include: { session: true } });
  if (!invite || invite.revokedAt) throw new AppError("not_found", "This invite link is not valid (it may have been revoked)");
  if (invite.expiresAt.getTime() <= Date.now()) throw new AppError("gone", "This invite link has expired; ask for a new one");
  // The one who used a single-use link may open it again (they are already in); nobody else.
  if (invite.usedAt && invite.usedBy !== input.userId) throw usedUp();
  const mismatch = await emailMismatch(invite.email, input.userId);
  if (mismatch) throw mismatchError(mismatch);
  // An account appears by its profile's name in every session (renamed on /profile); a guest by the name it gives.
  const user = await ensureUser(input.userId);
  const displayName = user.account && user.display_name ? user.display_name : input.display_name;

  const sessionId = invite.sessionId;
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM sessions WHERE id = ${sessionId} FOR UPDATE`;
    const existing = await tx.participant.findUnique({ where: { sessionId_userId: { sessionId, userId: input.userId } } });
    if (existing && !existing.leftAt) return { participant: existing, already: true };
    if (existing?.removedAt && invite.createdAt <= existing.removedAt) {
      throw new AppError("forbidden", "You were removed from this session; ask the owner for a new invite");
    }
    const seated = await tx.participant.count({ where: { sessionId, leftAt: null } });
    if (seated >= invite.session.maxParticipants) {
      throw new AppError("conflict", `This session is full (${invite.session.maxParticipants} participants)`);
    }
    if (invite.singleUse) {
      // The condition is the update's own: whichever join gets there second finds it used.
      const took = await tx.invite.updateMany({
        where: { id: invite.id, usedAt: null },
        data: { usedAt: new Date(), usedBy: input.userId },
      });
      if (took.count === 0) throw usedUp();
    }
    const data = { role: invite.role, displayName, joinedAt: new Date(), leftAt: null, removedAt: null };
    const participant = existing
      ? await tx.participant.update({ where: { sessionId_userId: { sessionId, userId: input.userId } }, data })
      : await tx.participant.create({ data: { ...data, sessionId, userId: input.userId } });
    return { participant, already: false };
  });

  const p = result.participant;
  if (!result.already) {
    await publishEvent(sessionChannel(sessionId), "session.participant_joined", {
      user_id: p.userId,
      participant: await liveView(sessionId, p),
    });
  }
  return {
    session_id: sessionId,
    user_id: p.userId,
    display_name: p.displayName,
    role: p.role,
    title: invite.session.title,
    already_joined: result.already,
  };
}

const usedUp = () => new AppError("gone", "This invite link was for one person and has been used; ask for a new one");

export async function listParticipants(sessionId: string, userId: string | null): Promise<ParticipantView[]> {
  await requireAccess(sessionId, userId, "read");
  const db = await getDb();
  const rows = await db.participant.findMany({ where: { sessionId, leftAt: null }, orderBy: { joinedAt: "asc" } });
  const [online, avatars] = await Promise.all([onlineUsers(sessionId), avatarsOf(rows.map((p) => p.userId))]);
  return rows.map((p) => participantView(p, online.has(p.userId), avatars.get(p.userId) ?? null));
}

/** One participant as the others see them now: online or not, and their avatar. */
async function liveView(sessionId: string, p: Parameters<typeof participantView>[0]): Promise<ParticipantView> {
  const [online, avatars] = await Promise.all([onlineUsers(sessionId), avatarsOf([p.userId])]);
  return participantView(p, online.has(p.userId), avatars.get(p.userId) ?? null);
}

export async function leaveSession(sessionId: string, userId: string | null): Promise<void> {
  const { role } = await requireAccess(sessionId, userId, "read");
  if (!role || !userId) throw new AppError("forbidden", "You are not in this session");
  if (role === "owner") throw new AppError("conflict", "The owner cannot leave; delete the session instead");
  const db = await getDb();
  await db.participant.update({ where: { sessionId_userId: { sessionId, userId } }, data: { leftAt: new Date() } });
  await publishEvent(sessionChannel(sessionId), "session.participant_left", { user_id: userId, reason: "left" });
}

async function activeTarget(sessionId: string, targetId: string) {
  const db = await getDb();
  const target = await db.participant.findUnique({ where: { sessionId_userId: { sessionId, userId: targetId } } });
  if (!target || target.leftAt) throw new AppError("not_found", "Participant not found");
  if (target.role === "owner") throw new AppError("conflict", "The owner's role cannot be changed or removed");
  return target;
}

export async function updateParticipantRole(input: {
  sessionId: string;
  userId: string | null;
  targetId: string;
  role: Role;
}): Promise<ParticipantView> {
  await requireAccess(input.sessionId, input.userId, "manage");
  await activeTarget(input.sessionId, input.targetId);
  const db = await getDb();
  const updated = await db.participant.update({
    where: { sessionId_userId: { sessionId: input.sessionId, userId: input.targetId } },
    data: { role: input.role },
  });
  const view = await liveView(input.sessionId, updated);
  await publishEvent(sessionChannel(input.sessionId), "session.participant_updated", {
    user_id: updated.userId,
    participant: view,
  });
  return view;
}

/** Owner only. The removed person's streams end, and invites made before now no longer admit them. */
export async function removeParticipant(input: { sessionId: string; userId: string | null; targetId: string }): Promise<void> {
  await requireAccess(input.sessionId, input.userId, "manage");
  await activeTarget(input.sessionId, input.targetId);
  const db = await getDb();
  const now = new Date();
  await db.participant.update({
    where: { sessionId_userId: { sessionId: input.sessionId, userId: input.targetId } },
    data: { leftAt: now, removedAt: now },
  });
  await publishEvent(sessionChannel(input.sessionId), "session.participant_left", {
    user_id: input.targetId,
    reason: "removed",
  });
}
