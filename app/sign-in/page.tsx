import type { Metadata } from "next";
import Link from "next/link";
import { SignInButtons } from "@/components/account/sign-in-buttons";
import { safeNextPath } from "@/lib/auth/accounts/next-path";
import { signInProviders, signInRequired } from "@/lib/auth/accounts/providers";
import { pageSignedInAccount } from "@/lib/http/identity/page-access";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  const providers = signInProviders();
  const signedIn = await pageSignedInAccount();
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Sign in</h1>
      {providers.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">
          This Parley has no sign-in provider configured: everyone takes part as a guest, known by this browser. The operator can
          add GitHub, Google or any OpenID Connect provider (README › Sign-in).
        </p>
      ) : signedIn ? (
        <p>
          You are signed in.{" "}
          <Link href={next} className="underline">
            Go on
          </Link>
        </p>
      ) : (
        <>
          <p className="text-zinc-600 dark:text-zinc-400">
            {signInRequired()
              ? "This Parley is for signed-in people: sign in to go on."
              : "Sign in to be the same person on every device and to count at a session's gates. What you made as a guest in this browser comes with you."}
          </p>
          {params.error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              Signing in did not complete{typeof params.error === "string" && params.error !== "1" ? ` (${params.error})` : ""}.
              Try again.
            </p>
          ) : null}
          <SignInButtons providers={providers} next={next} />
        </>
      )}
    </div>
  );
}
