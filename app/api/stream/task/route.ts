// POST /api/stream/task — Facilitair's start call: {task, context?} → {stream_id}; runs a pipeline

import { compatTaskSchema, taskWithContext } from "@/lib/dialects/facilitair/task-request";
import { parseBody } from "@/lib/http/body";
import { route } from "@/lib/http/handler";
import { runActor } from "@/lib/http/identity/run-actor";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { startRunInBackground } from "@/lib/runs/execution/start";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const POST = route(async (request) => {
  const actor = await runActor(request, { mutating: true });
  const input = await parseBody(request, compatTaskSchema, 16 * 1024);
  const created = await startRunInBackground({ task: taskWithContext(input), strategy: "pipeline", actor });
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

export const { GET, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods("POST");
