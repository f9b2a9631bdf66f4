import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { CodeForm, LoginDecision } from "@/components/cli-login/login-decision";
import { KeyOwnerNote } from "@/components/keys/key-owner-note";
import { Notice } from "@/components/session/notice";
import { describeLogin } from "@/lib/auth/cli-login/logins";
import { pageKeyOwner } from "@/lib/auth/key-owner";
import { clientAddress } from "@/lib/http/identity/client-address";
import { isGuessing, recordMiss } from "@/lib/http/miss-limit";

export const metadata: Metadata = { title: "Sign in a terminal" };
export const dynamic = "force-dynamic";

// `parley login`'s page (verification_uri): the code the terminal shows, what allowing it grants, and
// whose key it will be. The buttons POST /api/v1/cli/login/decision as this browser.
export default async function CliLoginPage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams;
  const typed = typeof code === "string" ? code : "";
  if (!typed) return <CodeForm />;
  // Codes are short: a page that says which exist is held to the same limit as lookups that miss in the API.
  const address = clientAddress(await headers());
  if (isGuessing(address)) {
    return <Notice title="Too many codes tried from here">Wait a minute, then type the code your terminal shows.</Notice>;
  }
  const login = await describeLogin(typed);
  if (!login) {
    recordMiss(address);
    return <CodeForm error="No login has this code. Check it against your terminal, or run `parley login` again." />;
  }
  if (login.status === "expired") {
    return <Notice title="This login has expired">Run `parley login` again in your terminal for a new code.</Notice>;
  }
  if (login.status !== "pending") {
    return (
      <Notice title="This login has been answered">
        It was {login.status === "denied" ? "denied" : "allowed"} already. Your terminal has the answer.
      </Notice>
    );
  }
  const owner = await pageKeyOwner();
  const next = `/cli/login?code=${login.userCode}`;
  return (
    <div className="mx-auto grid max-w-lg gap-5 py-10">
      <h1 className="text-2xl font-semibold">Sign in a terminal</h1>
      <p className="text-zinc-600 dark:text-zinc-400">Check that your terminal shows this code:</p>
      <p data-testid="user-code" className="font-mono text-3xl font-semibold tracking-widest">
        {login.userCode}
      </p>
      <div className="space-y-1 rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800">
        <p>
          Allowing it makes an API key <strong>“{login.keyName}”</strong> and hands it to that terminal, once. It acts as you: it
          starts and watches runs and takes part in sessions as you, and follows channels (
          <code className="font-mono">{login.scopes.join(" ")}</code>). You can revoke it on the keys page, or with{" "}
          <code className="font-mono">parley logout</code>.
        </p>
        <p className="font-medium">
          Allow it only if you ran <code className="font-mono">parley login</code> yourself just now: whoever sent you a link to
          this page would get the key.
        </p>
      </div>
      <KeyOwnerNote owner={owner} next={next} />
      {owner.kind === "guest" && owner.signInConfigured && (
        <p className="text-sm">
          Want the key on your account rather than this browser?{" "}
          <Link
            href={`/sign-in?next=${encodeURIComponent(next)}`}
            className="font-medium text-indigo-700 underline dark:text-indigo-300"
          >
            Sign in first
          </Link>
          , then allow it.
        </p>
      )}
      {owner.kind === "nobody" ? null : <LoginDecision userCode={login.userCode} keyName={login.keyName} />}
    </div>
  );
}
