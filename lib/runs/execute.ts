import "server-only";
// Executing a queued run on this instance: claim it, hold its lease, follow its controls, run it to its end.
import { getDb } from "@/lib/db/client";
import { withRunSpan } from "@/lib/telemetry/run-trace";
import { activeRuns } from "./active-runs";
import { RunContext } from "./engine";
import { startHeartbeat, startRunSweeper } from "./lease";
import { runToEnd } from "./lifecycle";
import { runEnvironment } from "./persistence";
import { isBuiltinStrategy, runConfigSchema } from "./schemas";

/** Runs a queued run to its end on this instance. Returns at once if another instance claimed it. */
export async function executeRun(runId: string): Promise<void> {
  startRunSweeper();
  const db = await getDb();
  const claimed = await db.run.updateMany({
    where: { id: runId, status: "queued" },
    data: { status: "running", startedAt: new Date(), heartbeatAt: new Date() },
  });
  if (claimed.count === 0) return;
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  // External runs are never queued; their producer drives them (lib/ingest/external).
  if (!isBuiltinStrategy(run.strategy)) return;
  const spec = { id: run.id, task: run.task, strategy: run.strategy, config: runConfigSchema.parse(run.config) };
  const ctx = new RunContext(spec, runEnvironment(run));
  activeRuns.set(run.id, ctx);
  const stopHeartbeat = startHeartbeat(run.id);
  const stopWatching = ctx.watchControls();
  try {
    await withRunSpan(spec, () => runToEnd(ctx, run.strategyReason));
  } finally {
    stopWatching();
    stopHeartbeat();
    activeRuns.delete(run.id);
  }
}
