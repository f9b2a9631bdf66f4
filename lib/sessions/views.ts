// The JSON shapes of sessions, participants and messages (snake_case), shared by routes, events and pages.
// Messages and participants travel inside events, so their shapes are zod schemas and the types inferred.
import { z } from "zod";
import { type GuestRights, MESSAGE_TYPES, ROLES, type Role } from "./schemas";

export const messageViewSchema = z.object({
  id: z.string().min(1),
  session_id: z.string().min(1),
  author_id: z.string().nullable(),
  author_name: z.string(),
  message_type: z.enum(MESSAGE_TYPES),
  content: z.string(),
  created_at: z.string(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const participantViewSchema = z.object({
  user_id: z.string().min(1),
  display_name: z.string(),
  role: z.enum(ROLES),
  joined_at: z.string(),
  online: z.boolean(),
  /** The account's avatar (an https URL), null for a guest; events published before avatars read as null. */
  avatar_url: z.string().nullable().default(null),
});
export type ParticipantView = z.infer<typeof participantViewSchema>;

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
  /** What guests may do here (lib/sessions/guests.ts); it limits anyone only where sign-in is configured. */
  guests: GuestRights;
  /** Whether this deployment has accounts, so that `guests` applies. */
  sign_in_configured: boolean;
  /** What `guests` leaves the caller, their role aside: both true for an account, the owner, or without sign-in. */
  my_rights: { act: boolean; vote: boolean };
}

export function messageView(m: {
  id: string;
  sessionId: string;
  authorId: string | null;
  authorName: string;
  type: MessageView["message_type"];
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
  p: { userId: string; displayName: string; role: Role; joinedAt: Date },
  online: boolean,
  avatarUrl: string | null,
): ParticipantView {
  return {
    user_id: p.userId,
    display_name: p.displayName,
    role: p.role,
    joined_at: p.joinedAt.toISOString(),
    online,
    avatar_url: avatarUrl,
  };
}

export interface JoinResult {
  session_id: string;
  user_id: string;
  display_name: string;
  role: Role;
  title: string;
  already_joined: boolean;
}

export interface HistoryPage {
  /** Oldest first within the page; the first page holds the newest messages. */
  messages: MessageView[];
  has_more: boolean;
  /** Pass as `before` for the next (older) page. */
  next_before: string | null;
  /** The stream cursor read before the history: open the stream from here. */
  last_event_id: string | null;
}

export interface CreatedSession {
  session_id: string;
  invite_token: string;
  invite_url: string;
  title: string;
  created_at: string;
}
