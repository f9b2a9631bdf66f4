// GET /api/v1/runs/{id}/controls — people's controls and steering for an external run's producer (SSE, resumable)
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { producerActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { controlStream } from "@/lib/http/sse/run-stream";
import { findProducerRun } from "@/lib/ingest/external/access";
import { acceptsForks } from "@/lib/runs/producer-controls";
import { isTerminalStatus } from "@/lib/runs/schemas";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/controls">) => {
  const { id } = await ctx.params;
  const actor = await producerActor(request);
  const run = await findProducerRun(id, actor);
  // The stream ends with the run: after its end there is nothing to follow — but forks, for a producer that
  // declared it can resume from a step (lib/runs/fork/create.ts tells it with `control.fork`).
  if (isTerminalStatus(run.status) && !acceptsForks(run)) {
    throw new AppError("conflict", `The run has already ended (${run.status})`);
  }
  return controlStream(request, run, actor);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
