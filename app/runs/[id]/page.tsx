import type { Metadata } from "next";
import { RunPage } from "@/components/run/run-page";
import { orNotFound, pageIdentity } from "@/lib/http/identity/page-access";
import { findReadableRun } from "@/lib/runs/access";

export const metadata: Metadata = { title: "Run" };
export const dynamic = "force-dynamic";

export default async function RunRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const userId = await pageIdentity();
  // 404 (with the friendly page) for a run that does not exist or sits in a private session.
  await orNotFound(() => findReadableRun(id, { userId, id: userId }));
  return <RunPage id={id} />;
}
