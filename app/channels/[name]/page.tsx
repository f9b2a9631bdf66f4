import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChannelConsole } from "@/components/channel-console/channel-console";
import { CHANNEL_NAME_PATTERN } from "@/lib/events/envelope";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ token?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `#${(await params).name}` };
}

export default async function ChannelPage({ params, searchParams }: Props) {
  const { name } = await params;
  if (!CHANNEL_NAME_PATTERN.test(name)) notFound();
  const { token } = await searchParams;
  return <ChannelConsole name={name} initialToken={typeof token === "string" ? token : null} />;
}
