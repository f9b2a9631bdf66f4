import "server-only";
// Executing a run on this instance: claim it, hold its lease, follow its controls, run it to its end —
// or to a gate, where it lets go and waits in the database. A run is picked up again (from its stored
// history: lib/runs/engine/replay.ts) by whichever request decides its gate, or by any instance that finds it
// lost; claiming it is one conditional update, so exactly one instance executes it at a time. Where
// functions live a bounded time, a run is driven in slices (PARLEY_RUN_SLICE_MS) and handed from one to
// the next through the continuation endpoint (./handoff.ts).
import { getDb } from "@/lib/db/client";
import type { Run } from "@/lib/db/generated/client";
import { runSliceMs } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withRunSpan } from "@/lib/telemetry/run-trace";
import { RunContext } from "../engine/engine";
import { runToEnd } from "../engine/lifecycle";
import { type RunHistory, RunWait } from "../engine/replay";
import { RunHandOff } from "../engine/slice";
import { isBuiltinStrategy, runConfigSchema } from "../schemas";
import { decideByTimeout, overdueGates } from "../steering/gates";
import { activeRuns } from "./active-runs";
import { beginHandOff, claimHandOff, requireContinuationNonce, sendHandOff } from "./handoff";
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
    // A hand-off that never arrived is void once the run is picked up: its token can claim nothing.
    data: { heartbeatAt: new Date(), handoffNonce: null, ...(options.lost && { resumes: { increment: 1 } }) },
  });
  if (claimed.count === 0) return false;
  await drive(runId, await loadHistory(runId));
  return true;
}

/**
 * A continuation request: claims the run handed on with the token's nonce — or throws 401, claiming
 * nothing (forged, expired, used, another run's) — and returns the driving of its next slice, for after().
 */
export async function claimContinuation(runId: string, token: string | null): Promise<() => Promise<void>> {
  const nonce = requireContinuationNonce(runId, token);
  if (!(await claimHandOff(runId, nonce))) throw new AppError("unauthorized", "The continuation token was already used");
  startRunSweeper(sweepRuns);
  return async () => drive(runId, await loadHistory(runId));
}

/**
 * The slice is over: the run goes to a fresh request (asked twice: a cold start may miss the first) — or,
 * when none accepts it, on here. Whichever claims the hand-off first has it; a late request claims nothing.
 */
async function handOff(runId: string): Promise<void> {
  const pending = await beginHandOff(runId);
  if (!pending) return;
  for (let attempt = 0; attempt < 2; attempt++) if (await sendHandOff(runId, pending.token)) return;
  if (await claimHandOff(runId, pending.nonce)) await drive(runId, await loadHistory(runId));
}

async function drive(runId: string, stored: RunHistory | null): Promise<void> {
  const db = await getDb();
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  // External runs are never queued; their producer drives them (lib/ingest/external).
  if (!isBuiltinStrategy(run.strategy)) return;
  const spec = { id: run.id, task: run.task, strategy: run.strategy, config: runConfigSchema.parse(run.config) };
  // A fork's first execution starts on the turns it inherited, stored but never published on its channel.
  const announceHistory = stored === null && run.forkedFromRunId !== null;
  const history = announceHistory ? await loadHistory(run.id) : stored;
  const ctx = new RunContext(spec, runEnvironment(run), history, run.startedAt?.getTime(), { announceHistory });
  if (run.control) ctx.applyControl(run.control);
  if (run.status === "paused") ctx.carryPause();
  ctx.driveFor(runSliceMs());
  activeRuns.set(run.id, ctx);
  const stopHeartbeat = startHeartbeat(run.id);
  const stopWatching = ctx.watchControls();
  let stopped: "waiting" | "handing_on" | null = null;
  try {
    await withRunSpan(spec, () => runToEnd(ctx, run.strategyReason));
  } catch (error) {
    if (error instanceof RunWait) stopped = "waiting";
    else if (error instanceof RunHandOff) stopped = "handing_on";
    else throw error;
  } finally {
    stopWatching();
    stopHeartbeat();
    activeRuns.delete(run.id);
  }
  if (stopped === "handing_on") return handOff(run.id);
  if (stopped !== "waiting") return;
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

export interface Sweep {
  gatesDecided: number;
  lostRuns: number;
  /** The runs it picked up, going on: a request that swept waits for them in after(). */
  work: Promise<void>[];
}

/** One sweep: overdue gates decided by their default action, lost runs picked up (or failed as lost). */
export async function sweepOnce(): Promise<Sweep> {
  const sweep: Sweep = { gatesDecided: 0, lostRuns: 0, work: [] };
  const goingOn = new Set<string>();
  for (const gate of await overdueGates()) {
    if (!(await decideByTimeout(gate))) continue;
    sweep.gatesDecided++;
    goingOn.add(gate.runId);
    sweep.work.push(background(gate.runId, resumeRun(gate.runId)));
  }
  for (const run of await lostRuns()) {
    // A run whose gate was just decided holds no lease yet: it is going on, not lost (nor a resume).
    if (activeRuns.has(run.id) || goingOn.has(run.id)) continue;
    sweep.lostRuns++;
    sweep.work.push(background(run.id, settleLost(run)));
  }
  return sweep;
}

/** The in-process sweeper's sweep. */
export async function sweepRuns(): Promise<void> {
  await sweepOnce();
}

/** Work going on without a request waiting for it: its failure is logged. */
export function background(runId: string, work: Promise<unknown>): Promise<void> {
  return work.then(
    () => {},
    (error) => console.error(`run ${runId}: picking it up failed`, error),
  );
}
