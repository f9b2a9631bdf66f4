// POST /api/v1/gateway/openai/v1/chat/completions — OpenAI-compatible chat completions through the gateway
import { gatewayEndpoint } from "@/lib/http/gateway";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = gatewayEndpoint("openai");
