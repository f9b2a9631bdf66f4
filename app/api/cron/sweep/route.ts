// GET /api/cron/sweep — the scheduled sweep (Vercel cron, Bearer CRON_SECRET): overdue gates decided, lost runs picked up
import { after } from "next/server";
import { route } from "@/lib/http/handler";
import { requireCronCaller } from "@/lib/http/identity/cron-caller";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { sweepOnce } from "@/lib/runs/execution/execute";

export const dynamic = "force-dynamic";
// The runs it picks up execute in after(), each for a slice (PARLEY_RUN_SLICE_MS) before handing on.
export const maxDuration = 300;
export type GetSweepResponse = { gates_decided: number; lost_runs: number };

export const GET = route(async (request) => {
  requireCronCaller(request);
  const sweep = await sweepOnce();
  after(() => Promise.all(sweep.work));
  return json({ gates_decided: sweep.gatesDecided, lost_runs: sweep.lostRuns } satisfies GetSweepResponse);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
