import "server-only";
// An account's profile: the name and avatar shown wherever the person appears.
import { getDb } from "@/lib/db/client";
import { avatarUrl } from "./avatar-url";

export interface AccountProfile {
  id: string;
  name: string;
  email: string;
  image: string | null;
}

/** The account `userId` names, or null for a guest (no email) or nobody. */
export async function accountProfile(userId: string): Promise<AccountProfile | null> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, displayName: true, email: true, image: true },
  });
  if (!user?.email) return null;
  return { id: user.id, name: user.displayName || user.email.split("@")[0] || user.email, email: user.email, image: user.image };
}

/** An account: a user with an email (a provider's); a guest cookie, a proxy's id or a key's guest owner has none. */
export async function isAccount(userId: string | null): Promise<boolean> {
  if (!userId) return false;
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  return Boolean(user?.email);
}

/** The avatar of each of `userIds` that is an account with one worth showing (an https URL); guests keep their initial. */
export async function avatarsOf(userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.user.findMany({
    where: { id: { in: [...userIds] }, email: { not: null }, image: { not: null } },
    select: { id: true, image: true },
  });
  const avatars = new Map<string, string>();
  for (const row of rows) {
    const url = avatarUrl(row.image);
    if (url) avatars.set(row.id, url);
  }
  return avatars;
}
