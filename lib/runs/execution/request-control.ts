import "server-only";
import type { Actor } from "@/lib/auth/actor";
// Cancel, pause and resume: recorded in the database for whichever instance executes the run, and
// applied at once when that is this one.
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { runChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { tellProducer } from "@/lib/runs/producer-controls";
import { findReadableRun, requireControl } from "../access";
import { isTerminalStatus, type RunAction, type RunStatus } from "../schemas";
import { activeRuns } from "./active-runs";

export async function controlRun(input: {
  runId: string;
  action: RunAction;
  actor: Actor;
  controlToken: string | null;
}): Promise<{ run_id: string; status: RunStatus }> {
  const db = await getDb();
  const run = await findReadableRun(input.runId, input.actor);
  await requireControl(run, input.actor, input.controlToken);
  const { status } = run;
  if (isTerminalStatus(status)) {
    throw new AppError("conflict", `The run has already ${status === "cancelled" ? "been cancelled" : status}`);
  }
  const setControl = (control: "cancel" | "pause" | null) => db.run.update({ where: { id: run.id }, data: { control } });
  if (input.action === "cancel") {
    if (status === "queued") {
      // Not picked up yet: it ends here, and the executor will find nothing to claim.
      const done = await db.run.updateMany({
        where: { id: run.id, status: "queued" },
        data: { status: "cancelled", finishedAt: new Date() },
      });
      if (done.count === 1) {
        await publishEvent(runChannel(run.id), "run.cancelled", { reason: "The run was cancelled before it started" });
        return { run_id: run.id, status: "cancelled" };
      }
    }
    await setControl("cancel");
    activeRuns.get(run.id)?.applyControl("cancel");
    await tellProducer(run, "control.cancel", { requested_by: input.actor.id });
  } else if (input.action === "pause") {
    await setControl("pause");
    activeRuns.get(run.id)?.applyControl("pause");
    await tellProducer(run, "control.pause", { requested_by: input.actor.id });
  } else {
    if (run.control !== "pause" && status !== "paused") throw new AppError("conflict", "The run is not paused");
    await setControl(null);
    activeRuns.get(run.id)?.applyControl("resume");
    await tellProducer(run, "control.resume", { requested_by: input.actor.id });
  }
  return { run_id: run.id, status };
}
