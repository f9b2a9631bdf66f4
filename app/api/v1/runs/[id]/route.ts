// GET /api/v1/runs/{id} — snapshot: run, turns, usage, status, last_event_id (`?share=` a share link's token)

import { route } from "@/lib/http/handler";
import { runActor, shareTokenOf } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { getRunSnapshot } from "@/lib/runs/queries";
import type { RunSnapshot } from "@/lib/runs/views";

export const dynamic = "force-dynamic";
export type GetRunResponse = RunSnapshot;

export const GET = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]">) => {
  const { id } = await ctx.params;
  const actor = await runActor(request, { mutating: false });
  return json((await getRunSnapshot(id, actor, shareTokenOf(request))) satisfies GetRunResponse);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
