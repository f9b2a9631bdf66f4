import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JoinForm } from "@/components/session/join-form";
import { Notice } from "@/components/session/notice";
import { accountProfile } from "@/lib/auth/accounts/profile";
import { pageIdentity, pageSignedInAccount } from "@/lib/http/identity/page-access";
import { emailMismatch } from "@/lib/sessions/invite-email";
import { describeInvite } from "@/lib/sessions/invites";

export const metadata: Metadata = { title: "Join a session" };
export const dynamic = "force-dynamic";

export default async function JoinPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const invite = await describeInvite(value);
  // proxy.ts answers these pages with 410 Gone.
  if (invite.status === "expired") {
    return <Notice title="This invite link has expired">Ask the session&apos;s owner for a new link.</Notice>;
  }
  if (invite.status === "used") {
    return (
      <Notice title="This invite link has been used">
        It was for one person, who has joined. Ask the session&apos;s owner for a link of your own.
      </Notice>
    );
  }
  if (invite.status === "invalid") notFound();
  const mismatch = await emailMismatch(invite.email, await pageIdentity());
  if (mismatch) {
    return (
      <Notice title={`This invite is for ${mismatch.invite_email}`}>
        {mismatch.signed_in_as ? `You are signed in as ${mismatch.signed_in_as}. ` : ""}
        <a
          href={`/sign-in?next=${encodeURIComponent(`/join?token=${value}`)}`}
          className="text-indigo-700 underline dark:text-indigo-300"
        >
          Sign in as {mismatch.invite_email}
        </a>{" "}
        to join “{invite.title}”, or ask the session&apos;s owner for a link of your own.
      </Notice>
    );
  }
  const accountId = await pageSignedInAccount();
  const account = accountId ? await accountProfile(accountId) : null;
  return <JoinForm token={value} title={invite.title} role={invite.role} accountName={account?.name ?? null} />;
}
