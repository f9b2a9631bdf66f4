import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JoinForm } from "@/components/session/join-form";
import { Notice } from "@/components/session/notice";
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
  return <JoinForm token={value} title={invite.title} role={invite.role} />;
}
