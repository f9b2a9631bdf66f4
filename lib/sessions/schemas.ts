// Request shapes of the collaborative sessions API (the seed document's field names).
import { z } from "zod";
import { sortableIdPattern } from "@/lib/id-patterns";
import { isOneLine, ONE_LINE_MESSAGE as ONE_LINE } from "@/lib/text-safety";

export const ROLES = ["owner", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];
export const INVITE_ROLES = ["editor", "viewer"] as const;
/** What guests may do in a session where sign-in is configured (lib/sessions/guests.ts). */
export const GUEST_RIGHTS = ["watch", "chat", "vote"] as const;
export type GuestRights = (typeof GUEST_RIGHTS)[number];

export const MESSAGE_TYPES = ["user", "assistant", "agent", "system"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const MAX_MESSAGE_CHARS = 8000;
export const DEFAULT_INVITE_TTL_S = 7 * 24 * 60 * 60;

const displayName = z
  .string()
  .trim()
  .min(1, "a display name is required")
  .max(60, "at most 60 characters")
  .refine(isOneLine, ONE_LINE);

export const createSessionSchema = z
  .object({
    title: z.string().trim().min(1, "a title is required").max(200).refine(isOneLine, ONE_LINE),
    description: z.string().trim().max(2000).optional(),
    is_public: z.boolean().default(false),
    max_participants: z.number().int().min(2).max(1000).default(50),
    display_name: displayName.optional(),
  })
  .strict();

export const joinSchema = z
  .object({
    invite_token: z.string().min(1, "invite_token is required").max(200),
    display_name: displayName,
  })
  .strict();

export const messageSchema = z
  .object({
    content: z
      .string()
      .trim()
      .min(1, "a message cannot be empty")
      .max(MAX_MESSAGE_CHARS, `at most ${MAX_MESSAGE_CHARS} characters`),
    message_type: z.enum(MESSAGE_TYPES).default("user"),
  })
  .strict();

export const historyQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z.string().regex(sortableIdPattern("msg"), "before must be a message id").optional(),
});

/** The owner's settings of a session (PATCH /api/v1/collaborate/{id}); lib/sessions/guests.ts says what `guests` means. */
export const updateSessionSchema = z.object({ guests: z.enum(GUEST_RIGHTS) }).strict();

export const updateParticipantSchema = z.object({ role: z.enum(INVITE_ROLES) }).strict();

export const createInviteSchema = z
  .object({
    role: z.enum(INVITE_ROLES).default("editor"),
    expires_in_s: z
      .number()
      .int()
      .min(1)
      .max(90 * 24 * 60 * 60)
      .default(DEFAULT_INVITE_TTL_S),
    /** Revoke the session's other live invites of the same role (rotate the link). */
    revoke_existing: z.boolean().default(false),
    /** The link works once: the first person to join by it uses it up (410 for anyone after). */
    single_use: z.boolean().default(false),
    /** Bound to a person: only a signed-in account with this verified email may join by it (needs sign-in configured). */
    email: z.string().trim().toLowerCase().max(254).pipe(z.email("email must be an email address")).optional(),
  })
  .strict();

export type CreateSessionInput = z.infer<typeof createSessionSchema>;
export type JoinInput = z.infer<typeof joinSchema>;
export type MessageInput = z.infer<typeof messageSchema>;
export type HistoryQuery = z.infer<typeof historyQuerySchema>;
export type CreateInviteInput = z.infer<typeof createInviteSchema>;
export type UpdateSessionInput = z.infer<typeof updateSessionSchema>;
