import type { Metadata } from "next";
import { GatewayConsole } from "@/components/gateway/gateway-console";

export const metadata: Metadata = { title: "LLM gateway" };

export default function GatewayPage() {
  return <GatewayConsole />;
}
