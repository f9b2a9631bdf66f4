// POST /api/v1/gateway/anthropic/v1/messages — Anthropic-compatible messages through the gateway
import { gatewayEndpoint, otherGatewayMethods } from "@/lib/http/gateway";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = gatewayEndpoint("anthropic");

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherGatewayMethods("anthropic", "POST");
