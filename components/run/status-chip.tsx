const styles: Record<string, string> = {
  queued: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  running: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  paused: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  completed: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  failed: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  cancelled: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  stopped: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  skipped: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  superseded: "bg-zinc-100 text-zinc-600 line-through dark:bg-zinc-900 dark:text-zinc-400",
  waiting: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300",
};

export function StatusChip({ status, label }: { status: string; label?: string }) {
  return (
    <span
      data-status={status}
      className={`inline-block shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${styles[status] ?? styles.queued}`}
    >
      {label ?? status}
    </span>
  );
}

/**
 * A run's status as people read it: a run stopped by its budget "reached its budget", it did not fail;
 * a run stopped at a gate is "waiting for approval", not running.
 */
export function RunStatusChip({
  run,
  waiting = false,
}: {
  run: { status: string; error: { error_type: string } | null };
  waiting?: boolean;
}) {
  if (run.status === "failed" && run.error?.error_type === "budget_exceeded")
    return <StatusChip status="stopped" label="budget reached" />;
  if (waiting && run.status === "running") return <StatusChip status="waiting" label="waiting for approval" />;
  return <StatusChip status={run.status} />;
}
