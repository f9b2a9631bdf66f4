"use client";
import { type ReactNode, useState } from "react";
import { ConnectionBadge, UnreadableEvents } from "@/components/channel-console/connection-badge";
import type { StreamStatus } from "@/lib/events/stream-state";
import { budgetFraction, costSoFar, progressPercent, tokenTotal, watchingNow } from "@/lib/runs/state/run-selectors";
import type { RunState } from "@/lib/runs/state/run-state";
import { seconds, usd, usdLimit } from "./format";
import { RunStatusChip } from "./status-chip";

/** Tasks longer than this show their start and a "Show all" toggle instead of a wall of heading text. */
const TASK_PREVIEW = 160;

function TaskTitle({ task }: { task: string }) {
  const [open, setOpen] = useState(false);
  const long = task.length > TASK_PREVIEW;
  return (
    <div className="space-y-1">
      <h1 className={`break-words font-semibold ${long ? "text-lg" : "text-2xl"}`} data-testid="run-task">
        {long && !open ? `${task.slice(0, TASK_PREVIEW).trimEnd()}…` : task}
      </h1>
      {long && (
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
        >
          {open ? "Show less" : `Show the whole task (${task.length.toLocaleString()} characters)`}
        </button>
      )}
    </div>
  );
}

/** The task, how it is being worked on, its status, (while it runs) the connection, and unreadable events. */
export function RunHeading({
  state,
  connection,
  unreadable,
}: {
  state: RunState;
  connection: StreamStatus | null;
  unreadable: number;
}) {
  const { run } = state;
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0 flex-1 space-y-1">
        <p className="text-xs font-medium uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
          {run.strategy}
          {run.demo && " · demo model"}
        </p>
        <TaskTitle task={run.task} />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{run.strategy_reason}</p>
        <WatchingNow state={state} />
      </div>
      <div className="flex items-center gap-2">
        <RunStatusChip run={run} />
        {connection ? <ConnectionBadge status={connection} unreadable={unreadable} /> : <UnreadableEvents count={unreadable} />}
      </div>
    </div>
  );
}

/** Who has the run open now (participants of its session by name, everyone else counted). */
function WatchingNow({ state }: { state: RunState }) {
  const text = watchingNow(state, state.rights.me);
  if (!text) return null;
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="watching-now" aria-live="polite">
      Watching now: {text}
    </p>
  );
}

function Stat({
  label,
  children,
  testId,
  numeric = true,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  /** Figures that change keep their width (tabular digits). */
  numeric?: boolean;
}) {
  return (
    <div>
      <dt className="inline text-zinc-600 dark:text-zinc-400">{`${label} `}</dt>
      <dd className={numeric ? "inline font-medium tabular-nums" : "inline font-medium"} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The progress bar and the figures under it: steps, elapsed and remaining time, tokens, cost. */
export function RunProgress({ state, done, elapsedMs }: { state: RunState; done: boolean; elapsedMs: number }) {
  const { completed_steps, total_steps, est_remaining_ms } = state.progress;
  return (
    <>
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={total_steps}
        aria-valuenow={completed_steps}
        className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-indigo-500 transition-all" style={{ width: `${progressPercent(state)}%` }} />
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <Stat label="Step" testId="steps" numeric={false}>
          {completed_steps}/{total_steps}
        </Stat>
        <Stat label="Elapsed" testId="elapsed">
          {seconds(elapsedMs)}
          {state.run.status === "paused" && " (paused)"}
        </Stat>
        {!done && est_remaining_ms !== null && <Stat label="Remaining ≈">{seconds(est_remaining_ms)}</Stat>}
        <Stat label="Tokens" testId="tokens">
          {tokenTotal(state).toLocaleString()}
        </Stat>
        <Stat label="Cost" testId="cost">
          {usd(costSoFar(state))}
        </Stat>
      </dl>
    </>
  );
}

/** What the run has spent of its budget: amber past 80 %, full and red once it was reached. */
export function BudgetMeter({ state, budgetUsd }: { state: RunState; budgetUsd: number }) {
  const { budget } = state;
  const fraction = budgetFraction(state);
  const spent = Math.max(costSoFar(state), budget.spent_usd);
  return (
    <div className="max-w-sm space-y-1 text-xs">
      <p
        data-testid="budget"
        className={
          budget.exceeded
            ? "text-red-700 dark:text-red-400"
            : budget.warned
              ? "text-amber-800 dark:text-amber-400"
              : "text-zinc-600 dark:text-zinc-400"
        }
      >
        Budget {usd(spent)} of {usdLimit(budgetUsd)}
        {budget.exceeded ? " — reached, run stopped" : budget.warned ? " — over 80 %" : ""}
      </p>
      <div aria-hidden className="h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
        <div
          data-testid="budget-bar"
          data-fraction={fraction}
          className={`h-full ${budget.exceeded ? "bg-red-500" : fraction >= 0.8 ? "bg-amber-500" : "bg-emerald-500"}`}
          style={{ width: `${fraction * 100}%` }}
        />
      </div>
    </div>
  );
}
