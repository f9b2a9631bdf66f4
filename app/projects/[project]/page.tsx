import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveJobs } from "@/components/projects/live-jobs";
import { PROJECT_ID_PATTERN } from "@/lib/dialects/events-spec/schema";

type Props = { params: Promise<{ project: string }>; searchParams: Promise<{ token?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Jobs of ${(await params).project}` };
}

export default async function ProjectJobsPage({ params, searchParams }: Props) {
  const { project } = await params;
  if (!PROJECT_ID_PATTERN.test(project)) notFound();
  const { token } = await searchParams;
  return <LiveJobs projectId={project} initialToken={typeof token === "string" ? token : null} />;
}
