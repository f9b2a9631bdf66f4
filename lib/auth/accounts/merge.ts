import "server-only";
// A guest who signs in keeps what they made: their sessions, memberships, keys, runs, agents, notes,
// comments, votes and share links move to the account, in one transaction. Where both already have a
// place (a membership of the same session, a vote at the same gate), the account's stays — with the
// stronger role of the two — and the guest's goes.
import { type Database, getDb } from "@/lib/db/client";
import type { ParticipantRole } from "@/lib/db/generated/client";

const RANK: Record<ParticipantRole, number> = { owner: 3, editor: 2, viewer: 1 };

type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export interface MergeCounts {
  sessions: number;
  memberships: number;
  keys: number;
  runs: number;
}

export async function mergeGuestIntoAccount(guestId: string, accountId: string): Promise<MergeCounts> {
  if (guestId === accountId) return { sessions: 0, memberships: 0, keys: 0, runs: 0 };
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const memberships = await moveMemberships(tx, guestId, accountId);
    await moveVotes(tx, guestId, accountId);
    const sessions = await tx.session.updateMany({ where: { ownerId: guestId }, data: { ownerId: accountId } });
    const keys = await tx.apiKey.updateMany({ where: { userId: guestId }, data: { userId: accountId } });
    const runs = await tx.run.updateMany({ where: { createdBy: guestId }, data: { createdBy: accountId } });
    await tx.invite.updateMany({ where: { createdBy: guestId }, data: { createdBy: accountId } });
    await tx.invite.updateMany({ where: { usedBy: guestId }, data: { usedBy: accountId } });
    await tx.message.updateMany({ where: { authorId: guestId }, data: { authorId: accountId } });
    await tx.runNote.updateMany({ where: { authorId: guestId }, data: { authorId: accountId } });
    await tx.runComment.updateMany({ where: { authorId: guestId }, data: { authorId: accountId } });
    await tx.agent.updateMany({ where: { ownerId: guestId }, data: { ownerId: accountId } });
    await tx.agentTask.updateMany({ where: { createdBy: guestId }, data: { createdBy: accountId } });
    await tx.runShareLink.updateMany({ where: { createdBy: guestId }, data: { createdBy: accountId } });
    return { sessions: sessions.count, memberships, keys: keys.count, runs: runs.count };
  });
}

async function moveMemberships(tx: Tx, guestId: string, accountId: string): Promise<number> {
  const guestRows = await tx.participant.findMany({ where: { userId: guestId } });
  for (const row of guestRows) {
    const mine = await tx.participant.findUnique({
      where: { sessionId_userId: { sessionId: row.sessionId, userId: accountId } },
    });
    if (!mine) {
      await tx.participant.update({
        where: { sessionId_userId: { sessionId: row.sessionId, userId: guestId } },
        data: { userId: accountId },
      });
      continue;
    }
    // Both are in the session: one person, one place — the stronger role, present if either is.
    const present = mine.leftAt === null || row.leftAt === null;
    await tx.participant.update({
      where: { sessionId_userId: { sessionId: row.sessionId, userId: accountId } },
      data: {
        role: RANK[row.role] > RANK[mine.role] ? row.role : mine.role,
        joinedAt: new Date(Math.min(row.joinedAt.getTime(), mine.joinedAt.getTime())),
        ...(present && { leftAt: null }),
      },
    });
    await tx.participant.delete({ where: { sessionId_userId: { sessionId: row.sessionId, userId: guestId } } });
  }
  return guestRows.length;
}

/** A guest's vote moves with them, except at a gate where the account has voted already: one person, one vote. */
async function moveVotes(tx: Tx, guestId: string, accountId: string): Promise<void> {
  const accountGates = (await tx.runGateVote.findMany({ where: { userId: accountId }, select: { gateId: true } })).map(
    (v) => v.gateId,
  );
  if (accountGates.length > 0) await tx.runGateVote.deleteMany({ where: { userId: guestId, gateId: { in: accountGates } } });
  await tx.runGateVote.updateMany({ where: { userId: guestId }, data: { userId: accountId } });
}
