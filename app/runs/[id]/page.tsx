import type { Metadata } from "next";
import { RunPage } from "@/components/run/run-page";
import { isCursor } from "@/lib/events/cursor";
import { orNotFound, pageIdentity } from "@/lib/http/identity/page-access";
import { findReadableRun } from "@/lib/runs/access";

export const metadata: Metadata = { title: "Run" };
export const dynamic = "force-dynamic";

export default async function RunRoute({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ t?: string | string[] }>;
}) {
  const { id } = await params;
  // `?t=<cursor>`: a replay position to open the run at (an event id; anything else is ignored).
  const { t } = await searchParams;
  const at = typeof t === "string" && isCursor(t) ? t : null;
  const userId = await pageIdentity();
  // 404 (with the friendly page) for a run that does not exist or sits in a private session.
  await orNotFound(() => findReadableRun(id, { userId, id: userId }));
  return <RunPage id={id} at={at} />;
}
