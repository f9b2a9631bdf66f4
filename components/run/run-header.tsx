import type { ReactNode } from "react";
import { ConnectionBadge } from "@/components/channel-console/connection-badge";
import type { StreamStatus } from "@/lib/events/stream-state";
import { budgetFraction, progressPercent, tokenTotal } from "@/lib/runs/run-selectors";
import type { RunState } from "@/lib/runs/run-state";
import type { RunView } from "@/lib/runs/views";
import { seconds } from "./format";
import { StatusChip } from "./status-chip";

/** The task, how it is being worked on, its status, and (while it runs) the connection. */
export function RunHeading({ run, connection }: { run: RunView; connection: StreamStatus | null }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0 space-y-1">
        <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">
          {run.strategy}
          {run.demo && " · demo model"}
        </p>
        <h1 className="text-2xl font-semibold">{run.task}</h1>
        <p className="text-sm text-zinc-500">{run.strategy_reason}</p>
      </div>
      <div className="flex items-center gap-2">
        <StatusChip status={run.status} />
        {connection && <ConnectionBadge status={connection} />}
      </div>
    </div>
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
      <dt className="inline text-zinc-500">{`${label} `}</dt>
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
        <Stat label="Elapsed">{seconds(elapsedMs)}</Stat>
        {!done && est_remaining_ms !== null && <Stat label="Remaining ≈">{seconds(est_remaining_ms)}</Stat>}
        <Stat label="Tokens" testId="tokens">
          {tokenTotal(state).toLocaleString()}
        </Stat>
        <Stat label="Cost" testId="cost">
          ${state.usage.cost_usd.toFixed(4)}
        </Stat>
      </dl>
    </>
  );
}

/** What the run has spent of its budget, amber past 80 %, red once it was exceeded. */
export function BudgetMeter({ state, budgetUsd }: { state: RunState; budgetUsd: number }) {
  const { budget, usage } = state;
  const fraction = budgetFraction(state);
  return (
    <div className="max-w-sm space-y-1 text-xs">
      <p className={budget.exceeded ? "text-red-600" : budget.warned ? "text-amber-600" : "text-zinc-500"}>
        Budget ${usage.cost_usd.toFixed(4)} of ${budgetUsd.toFixed(2)}
        {budget.exceeded ? " — exceeded, run stopped" : budget.warned ? " — over 80 %" : ""}
      </p>
      <div className="h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
        <div
          className={`h-full ${fraction >= 0.8 ? "bg-amber-500" : "bg-emerald-500"}`}
          style={{ width: `${fraction * 100}%` }}
        />
      </div>
    </div>
  );
}
