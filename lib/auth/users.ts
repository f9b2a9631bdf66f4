import "server-only";
import { getDb } from "@/lib/db/client";
import { avatarUrl } from "./accounts/avatar-url";

/** Records the identity on first use, and when it was last seen. */
export async function ensureUser(userId: string): Promise<{ id: string; display_name: string | null; account: boolean }> {
  const db = await getDb();
  const user = await db.user.upsert({
    where: { id: userId },
    create: { id: userId },
    update: { lastSeenAt: new Date() },
  });
  return { id: user.id, display_name: user.displayName, account: user.email !== null };
}

export interface Me {
  user_id: string;
  display_name: string | null;
  /** `account`: signed in through a provider (the same on every device); `guest`: this browser, a key's guest owner or a proxy's id. */
  kind: "account" | "guest";
  email: string | null;
  avatar_url: string | null;
}

export async function whoIs(userId: string): Promise<Me> {
  await ensureUser(userId);
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return {
    user_id: user.id,
    display_name: user.displayName,
    kind: user.email ? "account" : "guest",
    email: user.email,
    avatar_url: avatarUrl(user.image),
  };
}

/** A new name, shown from now on wherever the person appears: their profile and their place in every session. */
export async function renameUser(userId: string, displayName: string): Promise<Me> {
  const db = await getDb();
  await ensureUser(userId);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { displayName } }),
    db.participant.updateMany({ where: { userId }, data: { displayName } }),
  ]);
  return whoIs(userId);
}
