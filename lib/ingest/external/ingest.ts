import "server-only";
// Taking a producer's batch into an external run: one batch at a time per run on this instance (and,
// across instances, whoever writes first wins and the other re-checks), checked whole by the lifecycle
// rules, written, then published as one atomic append — so watchers see it exactly like a built-in run.
import { chargeQuota, jsonBytes, type Payer } from "@/lib/auth/quotas";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { runChannel } from "@/lib/events/envelope";
import { getHub } from "@/lib/hub";
import { sortableId } from "@/lib/ids";
import { processGlobal } from "@/lib/process-global";
import { endMessage } from "@/lib/runs/execution/persistence";
import { priceTable } from "@/lib/runs/models/pricing";
import { isTerminalStatus, type RunStatus } from "@/lib/runs/schemas";
import { postSystemMessage } from "@/lib/sessions/messages";
import { checkCaps, type RunCaps } from "./caps";
import { planIngest } from "./lifecycle";
import type { ExternalRunState } from "./plan-types";
import { loadExternalRun, writePlan } from "./store";

const prices = priceTable(env.PARLEY_MODEL_PRICES);
const ATTEMPTS = 5;
const caps: RunCaps = {
  events: env.PARLEY_EXTERNAL_MAX_EVENTS,
  logEntries: env.PARLEY_EXTERNAL_MAX_LOG_ENTRIES,
  bytes: env.PARLEY_EXTERNAL_MAX_BYTES,
};

export interface BatchItem {
  type: string;
  data?: unknown;
  /** How an error names this event (default: its index and type). */
  where?: string;
}

/** Turns what the run is now (and where its producer's stream stood) into the batch to check, and where it will stand. */
export type Translate = (state: ExternalRunState, cursor: unknown) => { items: BatchItem[]; cursor?: unknown; skipped?: number };

export interface Ingested {
  accepted: number;
  skipped: number;
  status: RunStatus;
  last_event_id: string | null;
}

/** Per-run chains of work, so one instance checks one batch of a run at a time, in arrival order. */
const chains = processGlobal("ingest:chains", () => new Map<string, Promise<unknown>>());

function serialised<T>(runId: string, work: () => Promise<T>): Promise<T> {
  const before = chains.get(runId) ?? Promise.resolve();
  const next = before.then(work, work);
  const tail = next.catch(() => undefined);
  chains.set(runId, tail);
  void tail.then(() => {
    if (chains.get(runId) === tail) chains.delete(runId);
  });
  return next;
}

/** Checks, writes and publishes one batch of an external run's events — all of it, or nothing. */
export function ingestBatch(runId: string, translate: Translate): Promise<Ingested> {
  return serialised(runId, async () => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { run, state } = await loadExternalRun(runId);
      if (run.strategy !== "external") throw new AppError("conflict", "Parley executes this run itself: it takes no events");
      if (isTerminalStatus(run.status)) {
        throw new AppError("conflict", `The run has already ended (${run.status}); nothing follows its end`);
      }
      const { items, cursor, skipped = 0 } = translate(state, run.ingestCursor);
      const plan = planIngest(state, items, { now: Date.now(), prices, newLogId: () => sortableId("log") });
      const held = { events: run.ingestEvents, logEntries: run.logEntries, logBytes: run.logBytes };
      const holdings = checkCaps({ held, before: state, cursorBefore: run.ingestCursor, plan, cursorAfter: cursor, items }, caps);
      if (!(await writePlan(run, plan, holdings, cursor))) continue;
      const published = plan.events.length ? await getHub().publishBatch(runChannel(runId), plan.events) : [];
      if (plan.outcome && run.sessionId) await postSystemMessage(run.sessionId, endMessage(run, plan.outcome), "agent");
      return { accepted: items.length, skipped, status: plan.state.status, last_event_id: published.at(-1)?.id ?? null };
    }
    throw new AppError("conflict", "The run changed under this batch too often; send it again");
  });
}

/** A producer's POSTed events: charged to its quota (429 past it), then taken as one batch. */
export async function ingestPosted(runId: string, events: readonly BatchItem[], payer: Payer): Promise<Ingested> {
  await chargeQuota("produce", payer, { events: events.length, bytes: jsonBytes(events) });
  return ingestBatch(runId, asPosted(events));
}

/** Producer events as they were posted: checked as they are. */
export const asPosted =
  (events: readonly { type: string; data?: unknown }[]): Translate =>
  () => ({ items: [...events] });
