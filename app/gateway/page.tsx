import type { Metadata } from "next";
import { GatewayConsole } from "@/components/gateway/gateway-console";
import { gatewaySelfServe } from "@/lib/gateway/access";

export const metadata: Metadata = { title: "LLM gateway" };
// Who may watch depends on the server's providers and settings at run time, not at build time.
export const dynamic = "force-dynamic";

export default function GatewayPage() {
  return <GatewayConsole selfServe={gatewaySelfServe()} />;
}
