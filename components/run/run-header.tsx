"use client";
import { type ReactNode, useState } from "react";
import { Avatar } from "@/components/account/avatar";
import { ConnectionBadge, UnreadableEvents } from "@/components/channel-console/connection-badge";
import type { StreamStatus } from "@/lib/events/stream-state";
import { budgetFraction, costSoFar, progressPercent, runUsage, waitingAt, watchingNow } from "@/lib/runs/state/run-selectors";
import type { RunState } from "@/lib/runs/state/run-state";
import { gateDeciders, stillNeeded } from "@/lib/runs/steering/gate-rules";
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
      {/* The task takes the line on a narrow screen; the status chips then go under it. */}
      <div className="min-w-0 flex-[1_1_16rem] space-y-1">
        <p className="text-xs font-medium uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
          {run.strategy}
          {run.demo && " · demo model"}
        </p>
        <TaskTitle task={run.task} />
        {/* A fork's reason ("Forked from …") is said, with its links, by the fork links under the header. */}
        {!run.forked_from && <p className="text-sm text-zinc-600 dark:text-zinc-400">{run.strategy_reason}</p>}
        <WatchingNow state={state} />
        <WaitingLine state={state} />
      </div>
      <div className="flex items-center gap-2">
        <RunStatusChip run={run} waiting={waitingAt(state) !== null} />
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
    <p className="flex flex-wrap items-center gap-x-1.5 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
      {state.watchers.participants.map((p) => (
        <Avatar key={p.user_id} name={p.display_name} image={p.avatar_url} size={18} />
      ))}
      <span data-testid="watching-now">Watching now: {text}</span>
    </p>
  );
}

/** A run stopped at a gate says for whom it waits, since when, what is missing, and until when. */
function WaitingLine({ state }: { state: RunState }) {
  const gate = waitingAt(state);
  if (!gate) return null;
  const clock = (iso: string) => new Date(iso).toLocaleTimeString();
  return (
    <p className="text-sm font-medium text-violet-800 dark:text-violet-300" data-testid="run-waiting">
      Waiting since {clock(gate.opened_at)} for {gateDeciders(state.run.session_id)} to decide step {gate.step} ({gate.agent}):{" "}
      {stillNeeded(gate)}.{" "}
      {gate.timeout_at
        ? `Decided as “${gate.default_action}” at ${clock(gate.timeout_at)} if nobody decides.`
        : "No timeout: it waits as long as it takes."}
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

/**
 * The progress bar and the figures under it: steps, elapsed and remaining time, tokens in and out, cost.
 * While the run goes on it stays at the top of the screen (compact), so the figures never scroll away.
 */
export function RunProgress({ state, done, elapsedMs }: { state: RunState; done: boolean; elapsedMs: number }) {
  const { completed_steps, total_steps, est_remaining_ms } = state.progress;
  const gate = waitingAt(state);
  const usage = runUsage(state);
  return (
    <div
      data-sticky-status={done ? undefined : ""}
      className={done ? "space-y-3" : "sticky top-0 z-20 -mx-1 space-y-2 bg-white/95 px-1 py-2 backdrop-blur dark:bg-zinc-950/95"}
    >
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
      <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs sm:text-sm">
        <Stat label="Step" testId="steps" numeric={false}>
          {/* At a gate the step is written and waits: counting it as done or not would both mislead. */}
          {gate ? `${gate.step}/${total_steps} waits for approval` : `${completed_steps}/${total_steps}`}
        </Stat>
        <Stat label="Elapsed" testId="elapsed">
          {seconds(elapsedMs)}
          {state.run.status === "paused" && " (paused)"}
        </Stat>
        {!done && !gate && est_remaining_ms !== null && <Stat label="Remaining ≈">{seconds(est_remaining_ms)}</Stat>}
        <Stat label="Tokens" testId="tokens">
          in {usage.input_tokens.toLocaleString()} · out {usage.estimated && "≈ "}
          {usage.output_tokens.toLocaleString()}
        </Stat>
        <Stat label="Cost" testId="cost">
          {usage.estimated ? (
            <>
              ≈ {usd(usage.cost_usd)}{" "}
              <span
                className="font-normal text-zinc-600 dark:text-zinc-400"
                title="Tokens streamed so far at the model's price; the provider's figures replace it when the turn ends"
              >
                (estimate while a turn streams)
              </span>
            </>
          ) : (
            usd(usage.cost_usd)
          )}
        </Stat>
      </dl>
    </div>
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
