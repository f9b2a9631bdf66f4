import "server-only";
// Creating, reading, deleting and exporting sessions.
import { avatarsOf } from "@/lib/auth/accounts/profile";
import { signInConfigured } from "@/lib/auth/accounts/providers";
import { ensureUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { sessionChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { randomId } from "@/lib/ids";
import { escapeMarkdown } from "@/lib/markdown";
import { requireAccess } from "./access";
import { guestLimits } from "./guests";
import { inviteUrl, newInviteToken } from "./invites";
import { onlineUsers } from "./presence";
import { type CreateSessionInput, DEFAULT_INVITE_TTL_S, type UpdateSessionInput } from "./schemas";
import {
  type CreatedSession,
  type MessageView,
  messageView,
  type ParticipantView,
  participantView,
  type SessionView,
} from "./views";

/** The creator becomes the owner; the returned invite grants editor. */
export async function createSession(input: CreateSessionInput & { ownerId: string; baseUrl: string }): Promise<CreatedSession> {
  const user = await ensureUser(input.ownerId);
  const db = await getDb();
  const id = randomId("ses");
  const invite = newInviteToken();
  const session = await db.session.create({
    data: {
      id,
      title: input.title,
      description: input.description || null,
      isPublic: input.is_public,
      maxParticipants: input.max_participants,
      ownerId: input.ownerId,
      participants: {
        create: {
          userId: input.ownerId,
          role: "owner",
          displayName: (user.account ? user.display_name : null) ?? input.display_name ?? user.display_name ?? "Host",
        },
      },
      invites: {
        create: {
          id: randomId("inv"),
          tokenHash: invite.hash,
          role: "editor",
          createdBy: input.ownerId,
          expiresAt: new Date(Date.now() + DEFAULT_INVITE_TTL_S * 1000),
        },
      },
    },
  });
  return {
    session_id: session.id,
    invite_token: invite.token,
    invite_url: inviteUrl(input.baseUrl, invite.token),
    title: session.title,
    created_at: session.createdAt.toISOString(),
  };
}

export async function getSessionInfo(sessionId: string, userId: string | null): Promise<SessionView> {
  const { session, role } = await requireAccess(sessionId, userId, "read");
  const db = await getDb();
  const count = await db.participant.count({ where: { sessionId, leftAt: null } });
  return {
    session_id: session.id,
    title: session.title,
    description: session.description,
    is_public: session.isPublic,
    max_participants: session.maxParticipants,
    owner_id: session.ownerId,
    created_at: session.createdAt.toISOString(),
    participant_count: count,
    my_role: role,
    my_user_id: userId,
    guests: session.guests,
    sign_in_configured: signInConfigured(),
    my_rights: await guestLimits({ session, userId, role }),
  };
}

/** Owner only: the session's settings. Readers get `session.updated` with the new values. */
export async function updateSession(sessionId: string, userId: string | null, input: UpdateSessionInput): Promise<SessionView> {
  await requireAccess(sessionId, userId, "manage");
  const db = await getDb();
  await db.session.update({ where: { id: sessionId }, data: { guests: input.guests } });
  await publishEvent(sessionChannel(sessionId), "session.updated", { session_id: sessionId, guests: input.guests });
  return getSessionInfo(sessionId, userId);
}

/** Owner only. Readers get `session.deleted`, and every open stream of the session ends. */
export async function deleteSession(sessionId: string, userId: string | null): Promise<void> {
  await requireAccess(sessionId, userId, "manage");
  const db = await getDb();
  await db.session.delete({ where: { id: sessionId } });
  await publishEvent(sessionChannel(sessionId), "session.deleted", { session_id: sessionId });
}

export interface SessionExport {
  session: SessionView;
  participants: ParticipantView[];
  messages: MessageView[];
  exported_at: string;
}

export async function exportSession(sessionId: string, userId: string | null): Promise<SessionExport> {
  const session = await getSessionInfo(sessionId, userId);
  const db = await getDb();
  const [participants, messages] = await Promise.all([
    db.participant.findMany({ where: { sessionId, leftAt: null }, orderBy: { joinedAt: "asc" } }),
    db.message.findMany({ where: { sessionId }, orderBy: { id: "asc" } }),
  ]);
  const [online, avatars] = await Promise.all([onlineUsers(sessionId), avatarsOf(participants.map((p) => p.userId))]);
  return {
    session,
    participants: participants.map((p) => participantView(p, online.has(p.userId), avatars.get(p.userId) ?? null)),
    messages: messages.map(messageView),
    exported_at: new Date().toISOString(),
  };
}

/** The session as Markdown; everything people wrote (title, names, messages) is escaped as literal text. */
export function exportMarkdown(data: SessionExport): string {
  const lines = [`# ${escapeMarkdown(data.session.title)}`, ""];
  if (data.session.description) lines.push(`> ${escapeMarkdown(data.session.description).replace(/\n/g, "\n> ")}`, "");
  lines.push(`Exported ${data.exported_at} · ${data.messages.length} messages`, "", "## Participants", "");
  for (const p of data.participants) lines.push(`- ${escapeMarkdown(p.display_name)} (${p.role})`);
  lines.push("", "## Messages", "");
  for (const m of data.messages) {
    const kind = m.message_type === "user" ? "" : ` _${m.message_type}_`;
    lines.push(`**${escapeMarkdown(m.author_name)}**${kind} · ${m.created_at}`, "", escapeMarkdown(m.content), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
