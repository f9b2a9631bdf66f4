import type { Metadata } from "next";
import { SessionRoom } from "@/components/session/session-room";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SessionRoom id={id} />;
}
