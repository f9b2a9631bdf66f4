// POST /api/v1/runs/{id}/cancel · /pause · /resume — steer a run (its creator, control token, or session editors)
import { after } from "next/server";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { controlTokenOf, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { resumeRun } from "@/lib/runs/execution/execute";
import { controlRun } from "@/lib/runs/execution/request-control";
import { isRunAction } from "@/lib/runs/schemas";

export const dynamic = "force-dynamic";

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/[action]">) => {
  const { id, action } = await ctx.params;
  if (!isRunAction(action)) throw new AppError("not_found", "Unknown run action: use cancel, pause or resume");
  const actor = await runActor(request, { mutating: true });
  const result = await controlRun({ runId: id, action, actor, controlToken: controlTokenOf(request) });
  // A run waiting at a gate has no instance to hear a cancel: this one picks it up, and it ends.
  if (action === "cancel") after(() => resumeRun(id));
  return json(result);
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
