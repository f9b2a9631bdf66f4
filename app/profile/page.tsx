import type { Metadata } from "next";
import Link from "next/link";
import { Avatar } from "@/components/account/avatar";
import { ProfileNameForm } from "@/components/account/profile-name-form";
import { signInConfigured } from "@/lib/auth/accounts/providers";
import { whoIs } from "@/lib/auth/users";
import { pageIdentity } from "@/lib/http/identity/page-access";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  const userId = await pageIdentity();
  if (!userId) return <p>Enable cookies and reload the page.</p>;
  const me = await whoIs(userId);
  const name = me.display_name ?? "Guest";
  return (
    <div className="max-w-xl space-y-6">
      <div className="flex items-center gap-4">
        <Avatar name={name} image={me.avatar_url} size={56} />
        <div>
          <h1 className="text-3xl font-bold tracking-tight">{name}</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {me.kind === "account" ? `Signed in as ${me.email}` : "A guest: known by this browser only"}
          </p>
        </div>
      </div>
      <ProfileNameForm current={me.display_name ?? ""} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Your name shows in chat, presence, votes, notes and comments, and in the terminal client.
        {me.kind === "guest" && signInConfigured() ? (
          <>
            {" "}
            <Link href="/sign-in?next=/profile" className="underline">
              Sign in
            </Link>{" "}
            to be the same person on every device; what you made here comes with you.
          </>
        ) : null}
      </p>
    </div>
  );
}
