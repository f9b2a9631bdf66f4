// GET /api/v1/gateway — recent calls through the gateway, the last hour's totals, the tap's counters
// (API key with subscribe scope on the gateway channel: whoever may watch the calls may read them)

import { GATEWAY_CHANNEL } from "@/lib/gateway/events";
import { gatewaySnapshot } from "@/lib/gateway/queries";
import type { GatewaySnapshot } from "@/lib/gateway/views";
import { route } from "@/lib/http/handler";
import { requireApiKey } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export type GetGatewayResponse = GatewaySnapshot;

export const GET = route(async (request) => {
  await requireApiKey(request, "subscribe", GATEWAY_CHANNEL);
  return json((await gatewaySnapshot()) satisfies GetGatewayResponse);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
