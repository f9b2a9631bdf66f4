// GET /api/v1/runs/{id}/events — the run's events (SSE), from its first event unless resuming ·
// POST — an external run's producer sends its events ({type, data} or {events: [...]}), answered with people's controls

import { actorPayer } from "@/lib/auth/actor";
import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { producerActor, runActor, shareTokenOf } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { runStream } from "@/lib/http/sse/run-stream";
import { controlsAfter, findProducerRun } from "@/lib/ingest/external/access";
import { type Ingested, ingestPosted } from "@/lib/ingest/external/ingest";
import { type PendingControls, pendingControls } from "@/lib/ingest/external/producer-controls";
import { producerBodySchema } from "@/lib/ingest/external/schemas";
import { findRunReading } from "@/lib/runs/share/access";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export type PostRunEventsResponse = Ingested & { controls: PendingControls };

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/events">) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  const { run, share } = await findRunReading(id, actor, shareTokenOf(request));
  return runStream(request, run, actor, share);
});

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/events">) => {
  const { id } = await ctx.params;
  const actor = await producerActor(request);
  const body = producerBodySchema.parse(await readJson(request, 1024 * 1024));
  const after = controlsAfter(new URL(request.url).searchParams.get("controls_after"));
  const run = await findProducerRun(id, actor);
  const ingested = await ingestPosted(run.id, "events" in body ? body.events : [body], actorPayer(actor));
  return json({ ...ingested, controls: await pendingControls(run, after) } satisfies PostRunEventsResponse);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
