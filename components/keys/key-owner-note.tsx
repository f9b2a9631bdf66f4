import Link from "next/link";
import type { KeyOwner } from "@/lib/auth/key-owner";

/** Whose keys a page makes and lists, and for a guest where accounts exist, what signing in does to them. */
export function KeyOwnerNote({ owner, next }: { owner: KeyOwner; next: string }) {
  const signIn = `/sign-in?next=${encodeURIComponent(next)}`;
  const link = "text-indigo-700 underline dark:text-indigo-300";
  return (
    <p data-testid="key-owner" className="max-w-2xl text-sm text-zinc-700 dark:text-zinc-300">
      {owner.kind === "account" ? (
        <>
          Keys of your account <strong>{owner.name ?? owner.email ?? owner.userId}</strong>
          {owner.name && owner.email ? ` (${owner.email})` : ""}: the same on every device you sign in on.
        </>
      ) : owner.kind === "guest" ? (
        <>
          Keys of <strong>this browser (guest)</strong>.
          {owner.signInConfigured && (
            <>
              {" "}
              <Link href={signIn} className={link}>
                Sign in
              </Link>{" "}
              and they move to your account, with everything else this browser made.
            </>
          )}
        </>
      ) : (
        <>
          {owner.signInConfigured ? (
            <Link href={signIn} className={link}>
              Sign in
            </Link>
          ) : (
            "Enable cookies and reload"
          )}{" "}
          to make and see keys.
        </>
      )}
    </p>
  );
}
