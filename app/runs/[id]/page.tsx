import type { Metadata } from "next";
import { RunPage } from "@/components/run/run-page";
import { isCursor } from "@/lib/events/cursor";
import { orNotFound, pageIdentity } from "@/lib/http/identity/page-access";
import { findRunReading } from "@/lib/runs/share/access";
import { SHARE_PARAM } from "@/lib/runs/share/schemas";

export const metadata: Metadata = { title: "Run" };
export const dynamic = "force-dynamic";

export default async function RunRoute({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const query = await searchParams;
  const given = query[SHARE_PARAM];
  const shareToken = typeof given === "string" ? given : null;
  // `?t=<cursor>`: a replay position to open the run at (an event id; anything else is ignored).
  const t = query.t;
  const at = typeof t === "string" && isCursor(t) ? t : null;
  const userId = await pageIdentity();
  // 404 (with the friendly page) for a run that does not exist or sits in a private session — unless a
  // standing share link opens it, read-only.
  const { share } = await orNotFound(() => findRunReading(id, { userId, id: userId }, shareToken));
  return <RunPage id={id} shareToken={share ? shareToken : null} at={at} />;
}
