// GET /api/v1/gateway/openai/v1/models — the upstream's models (the demo models without one)
import { listOpenAIModels } from "@/lib/gateway/models";
import { gatewayKey, otherGatewayMethods, providerErrorResponse, replyResponse } from "@/lib/http/gateway";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    await gatewayKey(request, "openai");
    return replyResponse(await listOpenAIModels(request.signal));
  } catch (error) {
    return providerErrorResponse("openai", error);
  }
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherGatewayMethods("openai", "GET");
