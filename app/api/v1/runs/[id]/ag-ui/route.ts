// POST /api/v1/runs/{id}/ag-ui — an external run's AG-UI events in (JSON array, NDJSON, or a streamed
// text/event-stream body) · GET — any run as AG-UI events (SSE, resumable with Last-Event-ID)

import { actorPayer } from "@/lib/auth/actor";
import { ingestAgUiBody } from "@/lib/http/ag-ui-body";
import { route } from "@/lib/http/handler";
import { producerActor, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { agUiRunStream } from "@/lib/http/sse/ag-ui-stream";
import { findProducerRun } from "@/lib/ingest/external/access";
import type { Ingested } from "@/lib/ingest/external/ingest";
import { findReadableRun } from "@/lib/runs/access";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export type PostAgUiResponse = Ingested;

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/ag-ui">) => {
  const { id } = await ctx.params;
  const actor = await producerActor(request);
  const run = await findProducerRun(id, actor);
  return json((await ingestAgUiBody(request, run.id, actorPayer(actor))) satisfies PostAgUiResponse);
});

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/ag-ui">) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  return agUiRunStream(request, await findReadableRun(id, actor), actor);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
