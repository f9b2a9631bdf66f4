// GET /api/v1/runs/{id}/controls — people's controls and steering for an external run's producer (SSE, resumable)
import { producerActor } from "@/lib/http/actor";
import { route } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { controlStream } from "@/lib/http/run-stream";
import { findProducerRun } from "@/lib/ingest/external/access";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/controls">) => {
  const { id } = await ctx.params;
  const actor = await producerActor(request);
  return controlStream(request, await findProducerRun(id, actor), actor);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
