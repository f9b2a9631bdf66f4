import "server-only";
// The periodic re-check behind the events that end grants (lib/auth/stream-grants.ts): whatever a lost
// message failed to end, this finds — in two or three queries for every open stream of the instance.
import { getDb } from "@/lib/db/client";
import type { SessionReading } from "./reader-grant";

export interface GrantCheck {
  /** Keys that no longer stand (revoked or gone). */
  fallenKeys: Set<string>;
  /** Run share links that no longer open anything (revoked, expired or gone). */
  fallenShareLinks: Set<string>;
  /** Session readings no longer allowed, by `readingKey`. */
  lostReadings: Set<string>;
}

export const readingKey = (reading: SessionReading) => `${reading.id}\u0000${reading.userId ?? ""}`;

export async function checkGrants(
  keyIds: string[],
  readings: SessionReading[],
  shareLinkIds: string[] = [],
): Promise<GrantCheck> {
  const [fallenKeys, lostReadings, fallenShareLinks] = await Promise.all([
    fallen(keyIds),
    lost(readings),
    fallenLinks(shareLinkIds),
  ]);
  return { fallenKeys, lostReadings, fallenShareLinks };
}

/** Share links that no longer stand; also what a stream opening under one checks, after it is watched. */
export async function fallenLinks(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const db = await getDb();
  const standing = await db.runShareLink.findMany({
    where: { id: { in: ids }, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  const stands = new Set(standing.map((l) => l.id));
  return new Set(ids.filter((id) => !stands.has(id)));
}

async function fallen(keyIds: string[]): Promise<Set<string>> {
  if (keyIds.length === 0) return new Set();
  const db = await getDb();
  const standing = await db.apiKey.findMany({ where: { id: { in: keyIds }, revokedAt: null }, select: { id: true } });
  const stands = new Set(standing.map((k) => k.id));
  return new Set(keyIds.filter((id) => !stands.has(id)));
}

/** As lib/sessions/access.ts decides reading: the session exists, and is public or has the reader in it. */
async function lost(readings: SessionReading[]): Promise<Set<string>> {
  if (readings.length === 0) return new Set();
  const db = await getDb();
  const sessionIds = [...new Set(readings.map((r) => r.id))];
  const userIds = [...new Set(readings.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const [sessions, members] = await Promise.all([
    db.session.findMany({ where: { id: { in: sessionIds } }, select: { id: true, isPublic: true } }),
    userIds.length === 0
      ? []
      : db.participant.findMany({
          where: { sessionId: { in: sessionIds }, userId: { in: userIds }, leftAt: null },
          select: { sessionId: true, userId: true },
        }),
  ]);
  const publicity = new Map(sessions.map((s) => [s.id, s.isPublic]));
  const seated = new Set(members.map((m) => readingKey({ id: m.sessionId, userId: m.userId })));
  return new Set(
    readings
      .filter((r) => {
        const isPublic = publicity.get(r.id);
        return isPublic === undefined || (!isPublic && !seated.has(readingKey(r)));
      })
      .map(readingKey),
  );
}
