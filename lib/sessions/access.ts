import "server-only";
// Who may do what in a session (DESIGN.md "Collaborative sessions" roles).
import { getDb } from "@/lib/db/client";
import type { Session } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { assertGuestMayAct } from "./guests";
import type { Role } from "./schemas";

export type Action = "read" | "write" | "manage";

const allowed: Record<Role, Action[]> = {
  owner: ["read", "write", "manage"],
  editor: ["read", "write"],
  viewer: ["read"],
};

export interface SessionAccess {
  session: Session;
  role: Role | null;
  displayName: string | null;
  /** When they (last) joined: a gate opened before this is not theirs to decide (lib/runs/steering/gates.ts). */
  joinedAt: Date | null;
}

/** Access of someone in the session: writing and managing need it. */
export interface MemberAccess extends SessionAccess {
  role: Role;
  userId: string;
}

const notFound = () => new AppError("not_found", "Session not found");

/** The session as `userId` may see it — or 404 when it does not exist or is private and they are not in it. */
export async function loadAccess(sessionId: string, userId: string | null): Promise<SessionAccess> {
  if (!/^ses_[0-9a-z]{20}$/.test(sessionId)) throw notFound();
  const db = await getDb();
  const session = await db.session.findUnique({ where: { id: sessionId } });
  if (!session) throw notFound();
  const participant = userId ? await db.participant.findUnique({ where: { sessionId_userId: { sessionId, userId } } }) : null;
  const active = participant && !participant.leftAt ? participant : null;
  if (!active && !session.isPublic) throw notFound();
  return { session, role: active?.role ?? null, displayName: active?.displayName ?? null, joinedAt: active?.joinedAt ?? null };
}

/** Like loadAccess, and the caller's role must allow `action`; outsiders of private sessions still get 404. */
export async function requireAccess(sessionId: string, userId: string | null, action: "read"): Promise<SessionAccess>;
export async function requireAccess(sessionId: string, userId: string | null, action: "write" | "manage"): Promise<MemberAccess>;
export async function requireAccess(sessionId: string, userId: string | null, action: Action): Promise<SessionAccess>;
export async function requireAccess(sessionId: string, userId: string | null, action: Action): Promise<SessionAccess> {
  const access = await loadAccess(sessionId, userId);
  if (action === "read") return access;
  if (!access.role || !userId) throw new AppError("forbidden", "Join this session to take part");
  if (!allowed[access.role].includes(action)) {
    throw new AppError(
      "forbidden",
      action === "write" ? "Viewers can read and watch, not write" : "Only the session's owner can do that",
    );
  }
  const member: MemberAccess = { ...access, role: access.role, userId };
  // Where sign-in is configured, a watch-only session's guests read and nothing more (./guests.ts).
  if (action === "write") await assertGuestMayAct(member);
  return member;
}
