// GET /api/v1/events/orchestration/{session_id}/test — LLMHive's manual test: emits a test event onto the id's test stream
import { emitTestEvent } from "@/lib/dialects/llmhive/manual-test";
import { route } from "@/lib/http/handler";
import { clientAddress } from "@/lib/http/identity/client-address";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(async (request, ctx: RouteContext<"/api/v1/events/orchestration/[session_id]/test">) => {
  const { session_id } = await ctx.params;
  const event = await emitTestEvent({ sessionId: session_id, address: clientAddress(request.headers) });
  return json({ status: "emitted", session_id, event_id: event.id, type: "step" });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
