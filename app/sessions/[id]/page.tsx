import type { Metadata } from "next";
import { SessionRoom } from "@/components/session/session-room";
import { signInConfigured } from "@/lib/auth/accounts/providers";
import { orNotFound, pageIdentity } from "@/lib/http/identity/page-access";
import { loadAccess } from "@/lib/sessions/access";

export const metadata: Metadata = { title: "Session" };
export const dynamic = "force-dynamic";

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // 404 (with the friendly page) for a session that does not exist, or is private and the reader is not in it.
  await orNotFound(async () => loadAccess(id, await pageIdentity()));
  return <SessionRoom id={id} signInConfigured={signInConfigured()} />;
}
