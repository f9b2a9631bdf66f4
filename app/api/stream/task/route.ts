// POST /api/stream/task — Facilitair's start call: {task, context?} → {stream_id}; runs a pipeline
import { z } from "zod";
import { runActor } from "@/lib/http/actor";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { startRunInBackground } from "@/lib/http/start-run";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const taskSchema = z.object({ task: z.string().trim().min(1).max(4000), context: z.string().max(8000).optional() }).strict();

export const POST = route(async (request) => {
  const actor = await runActor(request, { mutating: true });
  const { task, context } = await parseBody(request, taskSchema, 16 * 1024);
  const created = await startRunInBackground({
    task: context ? `${task}\n\nContext: ${context}` : task,
    strategy: "pipeline",
    actor,
  });
  return json(
    {
      stream_id: created.run_id,
      status: "started",
      events_url: `/api/stream/events/${created.run_id}`,
      status_url: `/api/stream/status/${created.run_id}`,
      control_token: created.control_token,
    },
    { status: 201 },
  );
});
