import type { ReactNode } from "react";
import type { LaneTurn } from "@/lib/runs/state/run-state";
import { usd } from "./format";
import { RichText } from "./rich-text";
import { Reasoning } from "./run-extras";
import { StatusChip } from "./status-chip";

function ModelBadge({ model }: { model: string }) {
  const demo = model === "demo" || model.startsWith("demo:");
  return (
    <span
      title={demo ? "The built-in demo model: no API key configured" : undefined}
      className={`rounded px-1.5 py-0.5 font-mono text-xs ${demo ? "bg-amber-200 text-amber-900 dark:bg-amber-700 dark:text-amber-50" : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"}`}
    >
      {demo && model !== "demo" ? `demo · ${model.slice(5)}` : model}
    </span>
  );
}

function Turn({ turn, showRound, extras }: { turn: LaneTurn; showRound: boolean; extras?: ReactNode }) {
  return (
    <article
      data-turn-id={turn.turn_id}
      data-turn-status={turn.status}
      className="space-y-2 border-t border-zinc-100 pt-3 first:border-0 first:pt-0 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        {showRound && <span className="font-medium">Round {turn.round}</span>}
        <StatusChip status={turn.status} />
        {turn.status !== "running" && (
          <span>
            {turn.output_tokens} tokens{turn.latency_ms !== null && ` · ${(turn.latency_ms / 1000).toFixed(1)} s`}
            {turn.cost_usd > 0 && ` · ${usd(turn.cost_usd)}`}
          </span>
        )}
      </div>
      <Reasoning text={turn.reasoning} />
      <div className="break-words text-sm leading-relaxed" data-testid="turn-text">
        <RichText text={turn.text} />
        {turn.status === "running" && (
          <span aria-hidden className="ml-0.5 inline-block h-4 w-2 animate-pulse bg-sky-500 align-text-bottom" />
        )}
      </div>
      {turn.tools.map((tool) => (
        <p key={tool.call_id} className="rounded bg-zinc-50 px-2 py-1 font-mono text-xs dark:bg-zinc-900">
          🔧 {tool.tool}{" "}
          <span className={tool.success ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
            {tool.success ? "✓" : "✗"}
          </span>{" "}
          {tool.output_preview}
        </p>
      ))}
      {turn.error && <p className="text-xs text-red-700 dark:text-red-400">{turn.error}</p>}
      {extras}
    </article>
  );
}

export function Lane({
  agent,
  role,
  model,
  turns,
  showRound,
  runEnded,
  turnExtras,
}: {
  agent: string;
  role: string;
  model: string;
  turns: LaneTurn[];
  showRound: boolean;
  /** A lane with no turns in a run that ended was skipped, not waiting. */
  runEnded: boolean;
  /** What the page shows under each turn (notes it read, comments). */
  turnExtras?: (turn: LaneTurn) => ReactNode;
}) {
  const running = turns.some((t) => t.status === "running");
  return (
    <section
      aria-label={`${agent} (${role})`}
      data-lane={agent}
      className={`min-w-0 space-y-3 rounded-lg border p-4 ${running ? "border-sky-400 dark:border-sky-600" : "border-zinc-200 dark:border-zinc-800"}`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="font-semibold">{agent}</h2>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{role}</p>
        </div>
        <ModelBadge model={model} />
      </header>
      {turns.length === 0 ? (
        runEnded ? (
          <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="lane-skipped">
            <StatusChip status="skipped" /> The run ended before this step.
          </p>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Waiting for its turn…</p>
        )
      ) : (
        turns.map((t) => <Turn key={t.turn_id} turn={t} showRound={showRound} extras={turnExtras?.(t)} />)
      )}
    </section>
  );
}
