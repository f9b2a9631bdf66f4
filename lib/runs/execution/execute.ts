import "server-only";
// Executing a run on this instance: claim it, hold its lease, follow its controls, run it to its end —
// or to a gate, where it lets go and waits in the database. A run is picked up again (from its stored
// history: lib/runs/engine/replay.ts) by whichever request decides its gate, or by any instance that finds it
// lost; claiming it is one conditional update, so exactly one instance executes it at a time.
import { getDb } from "@/lib/db/client";
import type { Run } from "@/lib/db/generated/client";
import { withRunSpan } from "@/lib/telemetry/run-trace";
import { RunContext } from "../engine/engine";
import { runToEnd } from "../engine/lifecycle";
import { type RunHistory, RunWait } from "../engine/replay";
import { isBuiltinStrategy, runConfigSchema } from "../schemas";
import { decideByTimeout, overdueGates } from "../steering/gates";
import { activeRuns } from "./active-runs";
import { loadHistory } from "./history";
import { lostRuns, mayResume, reapIfOrphaned, releaseLease, resumableWhere, startHeartbeat, startRunSweeper } from "./lease";
import { runEnvironment } from "./persistence";

/** Runs a queued run to its end on this instance. Returns at once if another instance claimed it. */
export async function executeRun(runId: string): Promise<void> {
  startRunSweeper(sweepRuns);
  const db = await getDb();
  const claimed = await db.run.updateMany({
    where: { id: runId, status: "queued" },
    data: { status: "running", startedAt: new Date(), heartbeatAt: new Date() },
  });
  if (claimed.count === 0) return;
  await drive(runId, null);
}

/**
 * Picks up a run nobody executes — its gate decided, or its instance dead (`lost`: counted against
 * PARLEY_RUN_MAX_RESUMES) — and runs it on from its history. False if it was not free to claim.
 */
export async function resumeRun(runId: string, options: { lost?: boolean } = {}): Promise<boolean> {
  startRunSweeper(sweepRuns);
  const db = await getDb();
  const claimed = await db.run.updateMany({
    where: { AND: [{ id: runId }, resumableWhere()] },
    data: { heartbeatAt: new Date(), ...(options.lost && { resumes: { increment: 1 } }) },
  });
  if (claimed.count === 0) return false;
  await drive(runId, await loadHistory(runId));
  return true;
}

async function drive(runId: string, history: RunHistory | null): Promise<void> {
  const db = await getDb();
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  // External runs are never queued; their producer drives them (lib/ingest/external).
  if (!isBuiltinStrategy(run.strategy)) return;
  const spec = { id: run.id, task: run.task, strategy: run.strategy, config: runConfigSchema.parse(run.config) };
  const ctx = new RunContext(spec, runEnvironment(run), history);
  if (run.control) ctx.applyControl(run.control);
  activeRuns.set(run.id, ctx);
  const stopHeartbeat = startHeartbeat(run.id);
  const stopWatching = ctx.watchControls();
  let waiting = false;
  try {
    await withRunSpan(spec, () => runToEnd(ctx, run.strategyReason));
  } catch (error) {
    if (!(error instanceof RunWait)) throw error;
    waiting = true;
  } finally {
    stopWatching();
    stopHeartbeat();
    activeRuns.delete(run.id);
  }
  if (!waiting) return;
  await releaseLease(run.id);
  // People may have decided while the run was letting go: then nobody else could claim it, so this does.
  await resumeRun(run.id);
}

/** A lost run goes on here (or fails as instance_lost once it has been picked up too often). */
export async function settleLost(run: Run): Promise<void> {
  if (run.status === "queued") {
    if (mayResume(run)) await executeRun(run.id);
    else await reapIfOrphaned(run);
    return;
  }
  if (mayResume(run)) await resumeRun(run.id, { lost: true });
  else await reapIfOrphaned(run);
}

/** One sweep: overdue gates decided by their default action, lost runs picked up. */
export async function sweepRuns(): Promise<void> {
  for (const gate of await overdueGates()) {
    if (await decideByTimeout(gate)) background(gate.runId, resumeRun(gate.runId));
  }
  for (const run of await lostRuns()) {
    if (activeRuns.has(run.id)) continue;
    background(run.id, settleLost(run));
  }
}

export function background(runId: string, work: Promise<unknown>): void {
  work.catch((error) => console.error(`run ${runId}: picking it up failed`, error));
}
