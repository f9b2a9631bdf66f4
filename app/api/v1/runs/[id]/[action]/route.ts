// POST /api/v1/runs/{id}/cancel · /pause · /resume — steer a run (its creator, control token, or session editors)
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { controlTokenOf, runActor } from "@/lib/runs/actor";
import { controlRun, type RunAction } from "@/lib/runs/service";

export const dynamic = "force-dynamic";
const ACTIONS: readonly string[] = ["cancel", "pause", "resume"];

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/[action]">) => {
  const { id, action } = await ctx.params;
  if (!ACTIONS.includes(action)) throw new AppError("not_found", "Unknown run action: use cancel, pause or resume");
  const actor = await runActor(request, { mutating: true });
  return json(await controlRun({ runId: id, action: action as RunAction, actor, controlToken: controlTokenOf(request) }));
});
