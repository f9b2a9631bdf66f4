// POST /api/v1/runs — start a run (returns at once; the run continues after the response), or with a
// `source` an external run (its producer posts events) or an AG-UI agent Parley calls · GET — my recent runs

import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { producerActor, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import type { CreatedExternalRun } from "@/lib/ingest/external/create";
import { hasSource, startSourcedRun } from "@/lib/ingest/start-sourced-run";
import { startRunInBackground } from "@/lib/runs/execution/start";
import { listRuns } from "@/lib/runs/queries";
import { createRunSchema, listRunsQuerySchema } from "@/lib/runs/schemas";
import type { CreatedRun, RunList } from "@/lib/runs/views";

export const dynamic = "force-dynamic";
// On Vercel the run executes in after(): the function lives until the run ends or this limit.
export const maxDuration = 300;

export type CreateRunResponse = CreatedRun | CreatedExternalRun;
export type ListRunsResponse = RunList;

export const POST = route(async (request) => {
  const body = await readJson(request, 32 * 1024);
  if (hasSource(body)) {
    const created = await startSourcedRun(body, await producerActor(request));
    return json(created satisfies CreateRunResponse, { status: 201 });
  }
  const actor = await runActor(request, { mutating: true });
  const input = createRunSchema.parse(body);
  const created = await startRunInBackground({ ...input, actor });
  return json(created satisfies CreateRunResponse, { status: 201 });
});

export const GET = route(async (request) => {
  const actor = await runActor(request, { mutating: false });
  const params = new URL(request.url).searchParams;
  const query = listRunsQuerySchema.parse({ limit: params.get("limit") ?? undefined, cursor: params.get("cursor") ?? undefined });
  const sessionId = params.get("session_id") ?? undefined;
  return json((await listRuns(actor, { ...query, session_id: sessionId })) satisfies ListRunsResponse);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
