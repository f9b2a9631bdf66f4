"use client";
import { CopyButton } from "@/components/ui/copy-button";
import { useShareToken } from "@/hooks/useShareToken";
import { withShare } from "@/lib/runs/share/schemas";
import { rejectedAtGate, runUsage, stoppedByBudget } from "@/lib/runs/state/run-selectors";
import type { RunState } from "@/lib/runs/state/run-state";
import { seconds, usd } from "./format";
import { RichText } from "./rich-text";

function outcomeTitle(state: RunState): string {
  const { run, duration_ms } = state;
  const took = duration_ms !== null ? ` in ${seconds(duration_ms)}` : "";
  if (run.status === "completed") return `Completed${took}`;
  if (run.status === "cancelled") return rejectedAtGate(state) ? "Cancelled: rejected at a gate" : "Cancelled";
  if (stoppedByBudget(state)) return "Stopped: budget reached";
  return "Failed";
}

const linkClass = "text-indigo-700 hover:underline dark:text-indigo-300";

/**
 * How a finished run ended, shown once at the top: the verdict (when there is one), the answer, what it
 * cost, and the exports and a link to share.
 */
export function RunOutcome({ state }: { state: RunState }) {
  const { run } = state;
  const { verdict } = run;
  const shareToken = useShareToken();
  const exportUrl = (format: "md" | "json") => withShare(`/api/v1/runs/${run.run_id}/export?format=${format}`, shareToken);
  const tone =
    run.status === "completed" && verdict?.passed !== false
      ? "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950"
      : run.status === "cancelled" || stoppedByBudget(state)
        ? "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950"
        : "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950";
  return (
    <section aria-label="Outcome" data-testid="run-outcome" className={`scroll-mt-4 space-y-3 rounded-lg border p-4 ${tone}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 className="text-lg font-semibold">{outcomeTitle(state)}</h2>
        <p className="flex flex-wrap gap-3 text-sm">
          <a className={linkClass} href={exportUrl("md")}>
            Export Markdown
          </a>
          <a className={linkClass} href={exportUrl("json")}>
            Export JSON
          </a>
          <CopyButton text={() => window.location.href} label="Copy this page's link" className={linkClass} />
        </p>
      </div>
      {verdict && (
        <p data-testid="verdict" className="text-base font-medium">
          <span aria-hidden>{verdict.passed ? "✓ " : "✗ "}</span>
          {verdict.verdict}
        </p>
      )}
      {run.summary && (
        <div className="text-sm" data-testid="summary">
          <RichText text={run.summary} />
        </div>
      )}
      {run.error && (
        <p className="text-sm text-red-800 dark:text-red-300" data-testid="run-error">
          {run.error.message}
          {!stoppedByBudget(state) && <span className="text-zinc-600 dark:text-zinc-400"> ({run.error.error_type})</span>}
        </p>
      )}
      <UsageLine state={state} />
    </section>
  );
}

/** What the run used, as the header and the lanes count it: tokens in and out, and their cost. */
function UsageLine({ state }: { state: RunState }) {
  const usage = runUsage(state);
  return (
    <p className="text-xs text-zinc-700 dark:text-zinc-300" data-testid="outcome-usage">
      Tokens in {usage.input_tokens.toLocaleString()} · out {usage.output_tokens.toLocaleString()} · {usd(usage.cost_usd)}
    </p>
  );
}
