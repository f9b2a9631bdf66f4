// POST /api/v1/runs — start a run (returns at once; the run continues after the response) · GET — my recent runs
import { runActor } from "@/lib/http/actor";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { startRunInBackground } from "@/lib/http/start-run";
import { listRuns } from "@/lib/runs/queries";
import { createRunSchema, listRunsQuerySchema } from "@/lib/runs/schemas";
import type { CreatedRun, RunList } from "@/lib/runs/views";

export const dynamic = "force-dynamic";
// On Vercel the run executes in after(): the function lives until the run ends or this limit.
export const maxDuration = 300;

export type CreateRunResponse = CreatedRun;
export type ListRunsResponse = RunList;

export const POST = route(async (request) => {
  const actor = await runActor(request, { mutating: true });
  const input = await parseBody(request, createRunSchema, 32 * 1024);
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

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
