"use client";
import { useEffect, useMemo, useState } from "react";
import { ConnectionBadge } from "@/components/channel-console/connection-badge";
import { api } from "@/hooks/api";
import { useEventStream } from "@/hooks/useEventStream";
import { applyRunEvent, fromSnapshot, isTerminal, lanes, liveTokens } from "@/lib/runs/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { Lane } from "./lane";
import { StatusChip } from "./status-chip";

const seconds = (ms: number) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

/** The live debate timeline. Mounted once per snapshot; the stream replays the run from its first event. */
export function RunTimeline({ snapshot, onReset }: { snapshot: RunSnapshot; onReset: () => void }) {
  const runId = snapshot.run.run_id;
  const initial = useMemo(() => fromSnapshot(snapshot), [snapshot]);
  const live = !isTerminal(snapshot.run.status);
  const stream = useEventStream({ url: live ? `/api/v1/runs/${runId}/events` : null, reduce: applyRunEvent, initial });
  const state = stream.data;
  const { run } = state;
  const done = isTerminal(run.status);

  useEffect(() => {
    if (state.resets > 0) onReset();
  }, [state.resets, onReset]);

  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (done) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [done]);

  const [controlError, setControlError] = useState<string | null>(null);
  const control = async (action: "cancel" | "pause" | "resume") => {
    setControlError(null);
    try {
      await api(`/api/v1/runs/${runId}/${action}`, { method: "POST", headers: controlHeaders(runId) });
    } catch (error) {
      setControlError((error as Error).message);
    }
  };

  const started = run.started_at ? Date.parse(run.started_at) : null;
  const elapsed = started ? (done && run.finished_at ? Date.parse(run.finished_at) : now) - started : 0;
  const { completed_steps, total_steps, est_remaining_ms } = state.progress;
  const percent = total_steps ? Math.round((completed_steps / total_steps) * 100) : 0;
  const tokens = done ? state.usage.input_tokens + state.usage.output_tokens || liveTokens(state) : liveTokens(state);
  const budgetFraction = run.budget_usd ? Math.min(1, state.usage.cost_usd / run.budget_usd) : 0;
  const laneList = lanes(state);
  const judge = run.strategy === "debate" ? laneList.at(-1) : undefined;
  const columns = judge ? laneList.slice(0, -1) : laneList;

  return (
    <div className="space-y-6">
      <header className="space-y-3">
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
            {live && <ConnectionBadge status={stream.status} />}
          </div>
        </div>
        <div
          role="progressbar"
          aria-label="Progress"
          aria-valuemin={0}
          aria-valuemax={total_steps}
          aria-valuenow={completed_steps}
          className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-full bg-indigo-500 transition-all" style={{ width: `${percent}%` }} />
        </div>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <div>
            <dt className="inline text-zinc-500">Step </dt>
            <dd className="inline font-medium" data-testid="steps">
              {completed_steps}/{total_steps}
            </dd>
          </div>
          <div>
            <dt className="inline text-zinc-500">Elapsed </dt>
            <dd className="inline font-medium tabular-nums">{seconds(elapsed)}</dd>
          </div>
          {!done && est_remaining_ms !== null && (
            <div>
              <dt className="inline text-zinc-500">Remaining ≈ </dt>
              <dd className="inline font-medium tabular-nums">{seconds(est_remaining_ms)}</dd>
            </div>
          )}
          <div>
            <dt className="inline text-zinc-500">Tokens </dt>
            <dd className="inline font-medium tabular-nums" data-testid="tokens">
              {tokens.toLocaleString()}
            </dd>
          </div>
          <div>
            <dt className="inline text-zinc-500">Cost </dt>
            <dd className="inline font-medium tabular-nums" data-testid="cost">
              ${state.usage.cost_usd.toFixed(4)}
            </dd>
          </div>
        </dl>
        {run.budget_usd && (
          <div className="max-w-sm space-y-1 text-xs">
            <p className={state.budget.exceeded ? "text-red-600" : state.budget.warned ? "text-amber-600" : "text-zinc-500"}>
              Budget ${state.usage.cost_usd.toFixed(4)} of ${run.budget_usd.toFixed(2)}
              {state.budget.exceeded ? " — exceeded, run stopped" : state.budget.warned ? " — over 80 %" : ""}
            </p>
            <div className="h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
              <div
                className={`h-full ${budgetFraction >= 0.8 ? "bg-amber-500" : "bg-emerald-500"}`}
                style={{ width: `${budgetFraction * 100}%` }}
              />
            </div>
          </div>
        )}
        {!done && (
          <div className="flex flex-wrap gap-2">
            {run.status === "paused" ? (
              <button
                type="button"
                onClick={() => control("resume")}
                className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700"
              >
                Resume
              </button>
            ) : (
              <button
                type="button"
                onClick={() => control("pause")}
                className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700"
              >
                Pause
              </button>
            )}
            <button
              type="button"
              onClick={() => control("cancel")}
              className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 dark:border-red-800 dark:text-red-300"
            >
              Cancel
            </button>
            {controlError && (
              <p role="alert" className="self-center text-sm text-red-600">
                {controlError}
              </p>
            )}
          </div>
        )}
      </header>

      <div className={run.strategy === "pipeline" ? "grid gap-4" : "grid gap-4 md:grid-cols-2 xl:grid-cols-3"}>
        {columns.map((l) => (
          <Lane key={l.agent} {...l} showRound={run.strategy === "debate"} />
        ))}
      </div>
      {judge && <Lane {...judge} showRound={false} />}

      {run.verdict && (
        <section
          aria-label="Verdict"
          className={`rounded-lg p-4 ${run.verdict.passed ? "bg-emerald-50 dark:bg-emerald-950" : "bg-red-50 dark:bg-red-950"}`}
        >
          <h2 className="font-semibold">Verdict {run.verdict.passed ? "✓" : "✗"}</h2>
          <p data-testid="verdict" className="text-sm">
            {run.verdict.verdict}
          </p>
        </section>
      )}
      {done && (
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
            {(state.usage.input_tokens + state.usage.output_tokens).toLocaleString()} tokens · ${state.usage.cost_usd.toFixed(4)}{" "}
            ·{" "}
            <a className="text-indigo-600 hover:underline" href={`/api/v1/runs/${runId}/export?format=md`}>
              Export (Markdown)
            </a>{" "}
            ·{" "}
            <a className="text-indigo-600 hover:underline" href={`/api/v1/runs/${runId}/export?format=json`}>
              JSON
            </a>
          </p>
        </section>
      )}
    </div>
  );
}

/** The control token this browser got when it started the run (anonymous runs). */
function controlHeaders(runId: string): Record<string, string> {
  const token = typeof window !== "undefined" ? sessionStorage.getItem(`parley.run.${runId}`) : null;
  return token ? { "X-Parley-Control-Token": token } : {};
}
