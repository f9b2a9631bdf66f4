// /api/v1/gateway/anthropic/* — anything else under the Anthropic prefix: Anthropic's own 404 shape
import { unknownGatewayPath } from "@/lib/http/gateway";

export const dynamic = "force-dynamic";

export const GET = unknownGatewayPath("anthropic");
export const POST = unknownGatewayPath("anthropic");
