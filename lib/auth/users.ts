import "server-only";
import { getDb } from "@/lib/db/client";

/** Records the anonymous identity on first use, and when it was last seen. */
export async function ensureUser(userId: string): Promise<{ id: string; display_name: string | null }> {
  const db = await getDb();
  const user = await db.user.upsert({
    where: { id: userId },
    create: { id: userId },
    update: { lastSeenAt: new Date() },
  });
  return { id: user.id, display_name: user.displayName };
}
