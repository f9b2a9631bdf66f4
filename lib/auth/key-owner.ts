import "server-only";
// Whose keys a browser's keys page (and the `parley login` page) makes and lists: the signed-in account,
// the same on every device — or this browser's guest, whose keys move to the account it signs in to
// (lib/auth/accounts/merge.ts).
import { headers } from "next/headers";
import { signInConfigured } from "@/lib/auth/accounts/providers";
import { getDb } from "@/lib/db/client";
import { identityOf, signedInAccountOf } from "@/lib/http/identity/credentials";

export type KeyOwner =
  | { kind: "account"; userId: string; name: string | null; email: string | null }
  | { kind: "guest"; userId: string; signInConfigured: boolean }
  | { kind: "nobody"; signInConfigured: boolean };

export async function keyOwnerOf(request: Request): Promise<KeyOwner> {
  const accountId = signedInAccountOf(request);
  if (accountId) {
    const user = await (await getDb()).user.findUnique({ where: { id: accountId } });
    return { kind: "account", userId: accountId, name: user?.displayName ?? null, email: user?.email ?? null };
  }
  const userId = identityOf(request);
  return userId
    ? { kind: "guest", userId, signInConfigured: signInConfigured() }
    : { kind: "nobody", signInConfigured: signInConfigured() };
}

/** The same for the page being rendered (its request's headers, as proxy.ts left them). */
export async function pageKeyOwner(): Promise<KeyOwner> {
  return keyOwnerOf(new Request("http://page.invalid/", { headers: await headers() }));
}
