// GET /api/v1/events/orchestration/{session_id} — LLMHive's stream format (event: orchestration_event) for a run
import { isTrueParam, orchestrationDialect, parseOrchestrationFilter } from "@/lib/dialects/llmhive/orchestration";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { dialectRunStream } from "@/lib/http/sse/run-stream";
import { findReadableRun } from "@/lib/runs/access";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/events/orchestration/[session_id]">) => {
  const { session_id } = await ctx.params;
  // LLMHive lets a client subscribe to an id before the orchestrator uses it; Parley assigns run ids when a
  // run is created, and its streams replay from the run's first event, so subscribing afterwards misses nothing.
  const actor = await runActor(request, { mutating: false });
  const run = await findReadableRun(session_id, actor).catch((error: unknown) => {
    if (!(error instanceof AppError) || error.code !== "not_found") throw error;
    throw new AppError(
      "not_found",
      "No run with this id (yet): start the run first (POST /api/v1/runs or /api/stream/task), then subscribe with the id it returns — the stream starts from the run's first event, so nothing is missed",
    );
  });
  const params = new URL(request.url).searchParams;
  const devMode = env.LLMHIVE_DEV_MODE || isTrueParam(params.get("dev_mode"));
  const dialect = orchestrationDialect({ devMode, filter: parseOrchestrationFilter(params.get("filter")) });
  return dialectRunStream(request, run, actor, dialect);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
