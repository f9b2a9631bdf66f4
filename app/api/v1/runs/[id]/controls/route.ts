// GET /api/v1/runs/{id}/controls — people's controls and steering for an external run's producer (SSE, resumable)
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { producerActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { controlStream } from "@/lib/http/sse/run-stream";
import { findProducerRun } from "@/lib/ingest/external/access";
import { isTerminalStatus } from "@/lib/runs/schemas";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/controls">) => {
  const { id } = await ctx.params;
  const actor = await producerActor(request);
  const run = await findProducerRun(id, actor);
  // The stream ends with the run: after its end there is nothing to follow.
  if (isTerminalStatus(run.status)) throw new AppError("conflict", `The run has already ended (${run.status})`);
  return controlStream(request, run, actor);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
