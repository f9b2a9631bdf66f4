// POST /api/internal/runs/{id}/continue — the next slice of a run handed on by Parley itself (signed, single-use token)
import { after } from "next/server";
import { route } from "@/lib/http/handler";
import { bearerToken } from "@/lib/http/identity/credentials";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { claimContinuation } from "@/lib/runs/execution/execute";

export const dynamic = "force-dynamic";
// On Vercel the run's next slice executes in after(), for PARLEY_RUN_SLICE_MS and the turn in flight.
export const maxDuration = 300;
export type PostContinueResponse = { run_id: string; continuing: true };

export const POST = route(async (request, ctx: RouteContext<"/api/internal/runs/[id]/continue">) => {
  const { id } = await ctx.params;
  const driveNextSlice = await claimContinuation(id, bearerToken(request));
  after(driveNextSlice);
  return json({ run_id: id, continuing: true } satisfies PostContinueResponse, { status: 202 });
});

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
