import "server-only";
// Runs hold a lease: the executing instance renews the run's heartbeat; a run whose heartbeat is older
// than the lease (its instance died), or that was accepted but never started, is lost. A run waiting at a
// gate holds no lease and is not lost: it waits in the database. Whichever instance notices a lost run
// first — the sweeper, or a stream opened on the run (lib/runs/execution/settle.ts) — picks it up again (lib/runs/execution/execute.ts), up to
// PARLEY_RUN_MAX_RESUMES times; after that it fails as `instance_lost`, once. An external run's sign of
// life is its producer (lib/ingest/external): silent for PARLEY_EXTERNAL_IDLE_S, it fails as `producer_lost`.
import { getDb } from "@/lib/db/client";
import type { Prisma, Run } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { runChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { pollEvery } from "@/lib/polling";
import { processGlobal } from "@/lib/process-global";
import { isTerminalStatus } from "../schemas";
import { activeRuns } from "./active-runs";

/** Several heartbeats per lease, so one slow write does not make a live run look lost. */
const heartbeatMs = () => Math.max(200, Math.min(5000, Math.floor(env.PARLEY_RUN_LEASE_MS / 3)));

/** Not waiting for people: no open gate — or one, but the run was cancelled meanwhile. */
const notWaiting: Prisma.RunWhereInput = { OR: [{ gates: { none: { decision: null } } }, { control: "cancel" }] };

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
        AND: [notWaiting],
      },
      { strategy: { not: "external" }, status: "queued", createdAt: { lt: cutoff } },
      { strategy: "external", status: { in: ["running", "paused"] }, heartbeatAt: { lt: producerCutoff } },
    ],
  };
}

/**
 * A run nobody executes that can go on now: it stopped at a gate since decided, or its instance died.
 * Never an external run: its producer executes it, and nothing here can take its place.
 */
export function resumableWhere(now = Date.now()): Prisma.RunWhereInput {
  const cutoff = new Date(now - env.PARLEY_RUN_LEASE_MS);
  return {
    strategy: { not: "external" },
    status: { in: ["running", "paused"] },
    OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: cutoff } }],
    AND: [notWaiting],
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

/** Renews the run's lease while it executes here; returns the stopping. A released lease stays released. */
export function startHeartbeat(runId: string): () => void {
  return pollEvery(
    heartbeatMs(),
    async () => {
      const db = await getDb();
      await db.run.updateMany({ where: { id: runId, heartbeatAt: { not: null } }, data: { heartbeatAt: new Date() } });
    },
    { name: `run ${runId}: heartbeat` },
  );
}

/** The run stopped at a gate: it holds no instance while people decide. */
export async function releaseLease(runId: string): Promise<void> {
  const db = await getDb();
  await db.run.update({ where: { id: runId }, data: { heartbeatAt: null } });
}

/** Whether a lost run may be picked up again, or must fail (an external run always fails: producer_lost). */
export const mayResume = (run: Pick<Run, "resumes" | "strategy">) =>
  run.strategy !== "external" && run.resumes < env.PARLEY_RUN_MAX_RESUMES;

/**
 * Looks for lost runs and overdue gates nobody is reading, so that runs go on (and their watchers on any
 * instance hear of it) without anyone having to ask. Started once per process: when the server starts,
 * and when it executes a run. `onLost` picks a run up again; `onOverdue` decides timed-out gates.
 */
export function startRunSweeper(sweep: () => Promise<void>): void {
  // Where GET /api/cron/sweep is scheduled instead (Vercel), the operator may turn this one off.
  if (env.PARLEY_SWEEPER === "off") return;
  processGlobal("runs:sweeper", () =>
    pollEvery(Math.max(500, Math.min(env.PARLEY_RUN_LEASE_MS / 2, 5000, (env.PARLEY_EXTERNAL_IDLE_S * 1000) / 2)), sweep, {
      name: "sweeping runs",
      unref: true,
    }),
  );
}

/** Lost runs, oldest first. */
export async function lostRuns(limit = 100): Promise<Run[]> {
  const db = await getDb();
  return db.run.findMany({ where: lostRunWhere(), take: limit, orderBy: { id: "asc" } });
}

/**
 * A lost run that may not be picked up again would otherwise show as running forever: it fails as
 * `instance_lost` — an external run whose producer went silent as `producer_lost` — and the run as it
 * now is comes back; otherwise null (nothing to do).
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
