// /api/v1/gateway/anthropic/* — anything else under the Anthropic prefix: Anthropic's own 404 shape
import { unknownGatewayPath } from "@/lib/http/gateway";

export const dynamic = "force-dynamic";

const unknown = unknownGatewayPath("anthropic");
export const GET = unknown;
export const POST = unknown;
export const PUT = unknown;
export const PATCH = unknown;
export const DELETE = unknown;
export const OPTIONS = unknown;
