import "server-only";
// Runs hold a lease: the executing instance renews the run's heartbeat; a run whose heartbeat is older
// than the lease (its instance died), or that was accepted but never started, is lost. Whichever
// instance notices first — the sweeper, or a read of the run — fails it as `instance_lost`, once.
import { getDb } from "@/lib/db/client";
import type { Prisma, Run } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { runChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { processGlobal } from "@/lib/process-global";
import { activeRuns } from "./active-runs";
import { repeat } from "./repeat";
import { isTerminalStatus } from "./schemas";

const HEARTBEAT_MS = 5000;

/**
 * The one definition of a lost run, as a database condition: no sign of life within the lease — for
 * an external run, no events POST from its producer within PARLEY_EXTERNAL_IDLE_S.
 */
export function lostRunWhere(now = Date.now()): Prisma.RunWhereInput {
  const cutoff = new Date(now - env.PARLEY_RUN_LEASE_MS);
  const producerCutoff = new Date(now - env.PARLEY_EXTERNAL_IDLE_S * 1000);
  return {
    OR: [
      {
        strategy: { not: "external" },
        status: { in: ["running", "paused"] },
        OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, createdAt: { lt: cutoff } }],
      },
      { strategy: { not: "external" }, status: "queued", createdAt: { lt: cutoff } },
      { strategy: "external", status: { in: ["running", "paused"] }, heartbeatAt: { lt: producerCutoff } },
    ],
  };
}

function lostMessage(run: Run): { errorType: string; message: string } {
  if (run.strategy === "external") {
    const message = `The producer sent nothing for ${env.PARLEY_EXTERNAL_IDLE_S} s; the run was given up`;
    return { errorType: "producer_lost", message };
  }
  const message =
    run.status === "queued"
      ? "The server that accepted this run stopped before starting it"
      : "The server running this run stopped; it did not finish";
  return { errorType: "instance_lost", message };
}

/** Renews the run's lease while it executes here; returns the stopping. */
export function startHeartbeat(runId: string): () => void {
  return repeat(
    HEARTBEAT_MS,
    async () => {
      const db = await getDb();
      await db.run.update({ where: { id: runId }, data: { heartbeatAt: new Date() } });
    },
    { name: `run ${runId}: heartbeat` },
  );
}

/**
 * Looks for lost runs nobody is reading, so their watchers (on any instance) get `run.failed` without
 * having to ask. Started once per process: when the server starts, and when it executes a run.
 */
export function startRunSweeper(): void {
  processGlobal("runs:sweeper", () =>
    repeat(Math.max(1000, Math.min(env.PARLEY_RUN_LEASE_MS, env.PARLEY_EXTERNAL_IDLE_S * 1000) / 2), sweepLostRuns, {
      name: "sweeping lost runs",
      unref: true,
    }),
  );
}

async function sweepLostRuns(): Promise<void> {
  const db = await getDb();
  const candidates = await db.run.findMany({ where: lostRunWhere(), take: 100 });
  for (const run of candidates) await reapIfOrphaned(run);
}

/**
 * A run whose executing instance died (or whose producer went silent) would otherwise show as running
 * forever: if it is lost, it fails as `instance_lost` (`producer_lost`) and the run as it now is comes
 * back; otherwise null (nothing to do).
 */
export async function reapIfOrphaned(run: Run): Promise<Run | null> {
  if (isTerminalStatus(run.status) || activeRuns.has(run.id)) return null;
  const db = await getDb();
  const { errorType, message } = lostMessage(run);
  // The condition is checked by the update itself, so two instances noticing at once fail it once.
  const reaped = await db.run.updateMany({
    where: { AND: [{ id: run.id, status: run.status }, lostRunWhere()] },
    data: { status: "failed", errorType, error: message, finishedAt: new Date(), control: null },
  });
  if (reaped.count === 0) return null;
  await db.agentTurn.updateMany({
    where: { runId: run.id, status: "running" },
    data: { status: "failed", error: message, finishedAt: new Date() },
  });
  await publishEvent(runChannel(run.id), "run.failed", { error_type: errorType, message });
  return db.run.findUnique({ where: { id: run.id } });
}
