import type { ReactNode } from "react";
import { turnUsage } from "@/lib/runs/state/run-selectors";
import type { LaneTurn, RunState } from "@/lib/runs/state/run-state";
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

/**
 * A turn's figures, labelled as the run's header labels them (tokens in and out): a finished turn's as
 * the provider reported them; a streaming turn's output so far and its cost at the model's price, estimated.
 */
function TurnFigures({ turn, prices }: { turn: LaneTurn; prices: RunState["prices"] }) {
  const u = turnUsage({ prices }, turn);
  if (u.estimated) {
    return (
      <span data-testid="turn-usage" title="An estimate while the turn streams; the provider's figures replace it when it ends">
        out ≈ {u.output_tokens.toLocaleString()} tokens · ≈ {usd(u.cost_usd)} so far (estimate)
      </span>
    );
  }
  return (
    <span data-testid="turn-usage">
      in {u.input_tokens.toLocaleString()} · out {u.output_tokens.toLocaleString()} tokens
      {turn.latency_ms !== null && ` · ${(turn.latency_ms / 1000).toFixed(1)} s`}
      {u.cost_usd > 0 && ` · ${usd(u.cost_usd)}`}
    </span>
  );
}

function Turn({
  turn,
  showRound,
  extras,
  prices,
}: {
  turn: LaneTurn;
  showRound: boolean;
  extras?: ReactNode;
  prices: RunState["prices"];
}) {
  return (
    <article
      data-turn-id={turn.turn_id}
      data-turn-status={turn.status}
      className="space-y-2 border-t border-zinc-100 pt-3 first:border-0 first:pt-0 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        {showRound && <span className="font-medium">Round {turn.round}</span>}
        <StatusChip status={turn.status} />
        <TurnFigures turn={turn} prices={prices} />
        {turn.inherited && (
          <span
            data-testid="turn-inherited"
            title="Carried over from the run this one was forked from: not run again, not billed to this run"
          >
            · inherited, not billed
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
      {/* A turn cut short (a race's loser, a cancel) says why in plain grey: it is no error. */}
      {turn.error && (
        <p
          className={`text-xs ${turn.status === "failed" ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
          data-testid="turn-note"
        >
          {turn.error}
        </p>
      )}
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
  prices,
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
  /** The run's model prices: a streaming turn's cost is estimated at them. */
  prices: RunState["prices"];
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
        turns.map((t) => <Turn key={t.turn_id} turn={t} showRound={showRound} extras={turnExtras?.(t)} prices={prices} />)
      )}
    </section>
  );
}
