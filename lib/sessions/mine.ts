import "server-only";
// "My sessions": the sessions a person is in, so an owner who left the room can find it again.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { ROLES } from "./schemas";

export const mySessionSchema = z.object({
  session_id: z.string(),
  title: z.string(),
  role: z.enum(ROLES),
  is_public: z.boolean(),
  joined_at: z.string(),
  created_at: z.string(),
});
export type MySession = z.infer<typeof mySessionSchema>;

/** The sessions `userId` is in now (not those they left), most recently joined first. */
export async function listMySessions(userId: string, limit = 100): Promise<MySession[]> {
  const db = await getDb();
  const rows = await db.participant.findMany({
    where: { userId, leftAt: null },
    include: { session: true },
    orderBy: { joinedAt: "desc" },
    take: limit,
  });
  return rows.map((p) => ({
    session_id: p.sessionId,
    title: p.session.title,
    role: p.role,
    is_public: p.session.isPublic,
    joined_at: p.joinedAt.toISOString(),
    created_at: p.session.createdAt.toISOString(),
  }));
}
