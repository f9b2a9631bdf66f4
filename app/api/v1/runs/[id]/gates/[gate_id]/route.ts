// POST /api/v1/runs/{id}/gates/{gate_id} — an editor's vote at an approval gate; the deciding vote resumes the run
import { after } from "next/server";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { controlTokenOf, runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { resumeRun } from "@/lib/runs/execution/execute";
import { GateTimedOut, voteAtGate } from "@/lib/runs/steering/gates";
import { voteInputSchema } from "@/lib/runs/steering/schemas";
import type { GateView } from "@/lib/runs/steering/views";

export const dynamic = "force-dynamic";
// On Vercel the resumed run executes in after(), up to its next gate or its end.
export const maxDuration = 300;
export type PostVoteResponse = { gate: GateView; decided: boolean };

export const POST = route(async (request, ctx: RouteContext<"/api/v1/runs/[id]/gates/[gate_id]">) => {
  const { id, gate_id } = await ctx.params;
  const actor = await runActor(request, { mutating: true });
  const body = await parseBody(request, voteInputSchema, 16 * 1024);
  try {
    const result = await voteAtGate({ runId: id, gateId: gate_id, actor, controlToken: controlTokenOf(request), body });
    if (result.decided) after(() => resumeRun(id));
    return json(result satisfies PostVoteResponse);
  } catch (error) {
    // A vote after the timeout decided the gate by its default action: the run goes on all the same.
    if (error instanceof GateTimedOut) after(() => resumeRun(id));
    throw error;
  }
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
