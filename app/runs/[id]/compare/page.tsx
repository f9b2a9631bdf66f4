import type { Metadata } from "next";
import { CompareView } from "@/components/run/compare-view";
import { orNotFound, pageIdentity } from "@/lib/http/identity/page-access";
import { findReadableRun } from "@/lib/runs/access";

export const metadata: Metadata = { title: "Compare runs" };
export const dynamic = "force-dynamic";

/** /runs/{id}/compare?with={other} — a run and its fork (either way round) side by side from the fork point. */
export default async function CompareRoute({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ with?: string | string[] }>;
}) {
  const { id } = await params;
  const other = (await searchParams).with;
  const userId = await pageIdentity();
  await orNotFound(() => findReadableRun(id, { userId, id: userId }));
  return <CompareView id={id} other={typeof other === "string" && other ? other : null} />;
}
