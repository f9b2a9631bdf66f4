// POST /api/v1/runs/{id}/fork — a new run from one of this run's turns: the turns before it inherited, live from it

import { readJson } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { forkRunSchema } from "@/lib/runs/fork/schemas";
import { forkRunInBackground } from "@/lib/runs/fork/start";
import type { RunSnapshot } from "@/lib/runs/views";

export const dynamic = "force-dynamic";
// On Vercel the fork executes in after(), like any run: the function lives until it ends or this limit.
export const maxDuration = 300;

/** The fork's snapshot, as GET /api/v1/runs/{id} answers it. */
export type ForkRunResponse = RunSnapshot;

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/fork">) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  const body = forkRunSchema.parse(await readJson(request, 32 * 1024));
  const { snapshot, controlToken } = await forkRunInBackground({ sourceId: id, actor, body });
  // Lets whoever holds it cancel, pause or resume the fork (the CLI keeps it, as from POST /api/v1/runs).
  return json(snapshot satisfies ForkRunResponse, { status: 201, headers: { "x-parley-control-token": controlToken } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
