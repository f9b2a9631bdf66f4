// GET /api/v1/events/orchestration/{session_id} — LLMHive's orchestration stream (event: orchestration_event)
// of a run, or of a test stream where LLMHive's manual test is served

import { mayBeTestStream, requireTestStreams, testChannel } from "@/lib/dialects/llmhive/manual-test";
import { isTrueParam, orchestrationDialect, parseOrchestrationFilter } from "@/lib/dialects/llmhive/orchestration";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { dialectRunStream } from "@/lib/http/sse/run-stream";
import { serveTestStream } from "@/lib/http/sse/test-stream";
import { findReadableRun } from "@/lib/runs/access";

const NO_RUN =
  "No run with this id (yet): start the run first (POST /api/v1/runs or /api/stream/task), then subscribe with the id it returns — the stream starts from the run's first event, so nothing is missed";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/events/orchestration/[session_id]">) => {
  const { session_id } = await ctx.params;
  const params = new URL(request.url).searchParams;
  const devMode = env.LLMHIVE_DEV_MODE || isTrueParam(params.get("dev_mode"));
  const dialect = orchestrationDialect({ devMode, filter: parseOrchestrationFilter(params.get("filter")) });
  const actor = await runActor(request, { mutating: false });
  // Parley assigns run ids when a run is created and its streams replay from the run's first event, so
  // subscribing with the returned id misses nothing; any other id is LLMHive's manual test, where served.
  const run = await findReadableRun(session_id, actor).catch((error: unknown) => {
    if (!(error instanceof AppError) || error.code !== "not_found") throw error;
    if (mayBeTestStream(session_id)) return null;
    throw new AppError("not_found", NO_RUN);
  });
  if (run) return dialectRunStream(request, run, actor, dialect);
  requireTestStreams(NO_RUN);
  return serveTestStream(request, testChannel(session_id), dialect);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
