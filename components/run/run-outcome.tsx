import type { RunState } from "@/lib/runs/run-state";
import type { RunView } from "@/lib/runs/views";
import { seconds } from "./format";

/** The judge's or reviewer's ruling. */
export function VerdictPanel({ verdict }: { verdict: NonNullable<RunView["verdict"]> }) {
  return (
    <section
      aria-label="Verdict"
      className={`rounded-lg p-4 ${verdict.passed ? "bg-emerald-50 dark:bg-emerald-950" : "bg-red-50 dark:bg-red-950"}`}
    >
      <h2 className="font-semibold">Verdict {verdict.passed ? "✓" : "✗"}</h2>
      <p data-testid="verdict" className="text-sm">
        {verdict.verdict}
      </p>
    </section>
  );
}

/** How a finished run ended, what it produced and cost, and its exports. */
export function RunSummary({ state }: { state: RunState }) {
  const { run, usage } = state;
  const exportUrl = (format: "md" | "json") => `/api/v1/runs/${run.run_id}/export?format=${format}`;
  return (
    <section aria-label="Summary" className="space-y-1 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="font-semibold">
        {run.status === "completed" ? "Completed" : run.status === "cancelled" ? "Cancelled" : "Failed"}
        {state.duration_ms !== null && ` in ${seconds(state.duration_ms)}`}
      </h2>
      {run.summary && <p className="text-sm">{run.summary}</p>}
      {run.error && (
        <p className="text-sm text-red-600">
          {run.error.error_type}: {run.error.message}
        </p>
      )}
      <p className="text-xs text-zinc-500">
        {(usage.input_tokens + usage.output_tokens).toLocaleString()} tokens · ${usage.cost_usd.toFixed(4)} ·{" "}
        <a className="text-indigo-600 hover:underline" href={exportUrl("md")}>
          Export (Markdown)
        </a>{" "}
        ·{" "}
        <a className="text-indigo-600 hover:underline" href={exportUrl("json")}>
          JSON
        </a>
      </p>
    </section>
  );
}
