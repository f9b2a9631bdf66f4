import "server-only";
// A run about to be followed live — its stream opened — is settled first: its overdue gates are decided by
// their default action and, if its instance is gone, it is picked up here, so a reader never waits for the
// sweeper. Reading a run's record (access checks, snapshots, lists) settles nothing: that is a read.
import { getDb } from "@/lib/db/client";
import type { Run } from "@/lib/db/generated/client";
import { isTerminalStatus } from "../schemas";
import { decideByTimeout } from "../steering/gates";
import { activeRuns } from "./active-runs";
import { background, resumeRun, settleLost } from "./execute";
import { lostRunWhere, mayResume, reapIfOrphaned } from "./lease";

/** Settles the run as described above (what it does for the run is published on the run's channel). */
export async function settleRun(run: Pick<Run, "id" | "status">): Promise<void> {
  if (isTerminalStatus(run.status) || activeRuns.has(run.id)) return;
  const db = await getDb();
  const overdue = await db.runGate.findMany({ where: { runId: run.id, decision: null, timeoutAt: { lt: new Date() } } });
  for (const gate of overdue) if (await decideByTimeout(gate)) void background(run.id, resumeRun(run.id));
  const lost = await db.run.findFirst({ where: { AND: [{ id: run.id }, lostRunWhere()] } });
  if (!lost) return;
  if (!mayResume(lost)) await reapIfOrphaned(lost);
  else void background(run.id, settleLost(lost));
}
