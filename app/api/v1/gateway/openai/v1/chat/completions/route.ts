// POST /api/v1/gateway/openai/v1/chat/completions — OpenAI-compatible chat completions through the gateway
import { gatewayEndpoint, otherGatewayMethods } from "@/lib/http/gateway";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = gatewayEndpoint("openai");

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherGatewayMethods("openai", "POST");
