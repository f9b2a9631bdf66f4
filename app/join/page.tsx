import type { Metadata } from "next";
import { JoinForm } from "@/components/session/join-form";
import { Notice } from "@/components/session/notice";
import { describeInvite } from "@/lib/sessions/invites";

export const metadata: Metadata = { title: "Join a session" };
export const dynamic = "force-dynamic";

export default async function JoinPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const invite = await describeInvite(value);
  if (invite.status === "expired") {
    return <Notice title="This invite link has expired">Ask the session&apos;s owner for a new link.</Notice>;
  }
  if (invite.status === "invalid") {
    return (
      <Notice title="This invite link is not valid">
        It may have been revoked or mistyped. Ask the session&apos;s owner for a new link.
      </Notice>
    );
  }
  return <JoinForm token={value} title={invite.title} role={invite.role} />;
}
