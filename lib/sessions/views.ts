// The JSON shapes of sessions, participants and messages (snake_case), shared by routes, events and pages.
import type { Role } from "./schemas";

export interface MessageView {
  id: string;
  session_id: string;
  author_id: string | null;
  author_name: string;
  message_type: string;
  content: string;
  created_at: string;
}

export interface ParticipantView {
  user_id: string;
  display_name: string;
  role: Role;
  joined_at: string;
  online: boolean;
}

export interface SessionView {
  session_id: string;
  title: string;
  description: string | null;
  is_public: boolean;
  max_participants: number;
  owner_id: string;
  created_at: string;
  participant_count: number;
  /** The caller's role; null for a reader of a public session who has not joined. */
  my_role: Role | null;
  my_user_id: string | null;
}

export function messageView(m: {
  id: string;
  sessionId: string;
  authorId: string | null;
  authorName: string;
  type: string;
  content: string;
  createdAt: Date;
}): MessageView {
  return {
    id: m.id,
    session_id: m.sessionId,
    author_id: m.authorId,
    author_name: m.authorName,
    message_type: m.type,
    content: m.content,
    created_at: m.createdAt.toISOString(),
  };
}

export function participantView(
  p: { userId: string; displayName: string; role: string; joinedAt: Date },
  online: boolean,
): ParticipantView {
  return { user_id: p.userId, display_name: p.displayName, role: p.role as Role, joined_at: p.joinedAt.toISOString(), online };
}
