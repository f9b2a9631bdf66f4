// POST /api/v1/ag-ui — an AG-UI RunAgentInput starts a run (its last user message the task) and streams it as AG-UI

import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { agUiRunStream } from "@/lib/http/sse/ag-ui-stream";
import { agUiTarget } from "@/lib/ingest/ag-ui/start";

export const dynamic = "force-dynamic";
// On Vercel the run executes in after(): the function lives until the run ends or this limit.
export const maxDuration = 300;

export const POST = route(async (request) => {
  const actor = await runActor(request, { mutating: true });
  const body = await readJson(request, 256 * 1024);
  const { run, ids } = await agUiTarget(body, actor);
  return agUiRunStream(request, run, actor, ids);
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
