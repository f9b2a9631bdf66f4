// /api/v1/gateway/openai/* — anything else under the OpenAI prefix: OpenAI's own 404 shape
import { unknownGatewayPath } from "@/lib/http/gateway";

export const dynamic = "force-dynamic";

export const GET = unknownGatewayPath("openai");
export const POST = unknownGatewayPath("openai");
