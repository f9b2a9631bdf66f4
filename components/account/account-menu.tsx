// The header's account corner: who is signed in (avatar, name) and sign-out, or a sign-in link for a guest.
// Nothing at all when this deployment has no sign-in provider: a plain `npm start` looks as it always did.
import Link from "next/link";
import { accountProfile } from "@/lib/auth/accounts/profile";
import { signInConfigured } from "@/lib/auth/accounts/providers";
import { pageSignedInAccount } from "@/lib/http/identity/page-access";
import { Avatar } from "./avatar";
import { SignOutButton } from "./sign-out-button";

export async function AccountMenu() {
  if (!signInConfigured()) return null;
  const accountId = await pageSignedInAccount();
  const profile = accountId ? await accountProfile(accountId) : null;
  if (!profile) {
    return (
      <Link
        href="/sign-in"
        className="ml-auto rounded-md bg-indigo-600 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-500"
      >
        Sign in
      </Link>
    );
  }
  return (
    <div className="ml-auto flex items-center gap-3">
      <Link href="/profile" className="flex items-center gap-2 text-sm" title={profile.email}>
        <Avatar name={profile.name} image={profile.image} />
        <span className="max-w-40 truncate">{profile.name}</span>
      </Link>
      <SignOutButton />
    </div>
  );
}
