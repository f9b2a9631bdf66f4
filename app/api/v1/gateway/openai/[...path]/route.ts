// /api/v1/gateway/openai/* — anything else under the OpenAI prefix: OpenAI's own 404 shape
import { unknownGatewayPath } from "@/lib/http/gateway";

export const dynamic = "force-dynamic";

const unknown = unknownGatewayPath("openai");
export const GET = unknown;
export const POST = unknown;
export const PUT = unknown;
export const PATCH = unknown;
export const DELETE = unknown;
export const OPTIONS = unknown;
