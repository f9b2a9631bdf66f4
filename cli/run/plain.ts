// Plain line output for when stdout is not a terminal (a log, a pipe): one line per thing that happened,
// each turn's whole text once it is done, never a token at a time. Pure.

import type { Envelope } from "@/lib/events/envelope";
import type { RunState } from "@/lib/runs/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { formatCount, formatDuration, formatUsd, modelLabel } from "../ui/text";

type Data = Record<string, unknown>;

const indent = (text: string) =>
  text
    .trim()
    .split(/\r\n|\r|\n/)
    .map((l) => `    ${l}`);

function stamp(e: Envelope, state: RunState): string {
  const since = Date.parse(e.ts) - Date.parse(state.run.created_at);
  return `[${formatDuration(Number.isFinite(since) ? since : 0)}]`;
}

/** The header printed once, before any event. */
export function plainHeader(snapshot: RunSnapshot): string[] {
  const { run } = snapshot;
  const agents = run.agents.map((a) => `${a.name} (${modelLabel(a.model)})`).join(", ");
  return [
    `run ${run.run_id} · ${run.strategy} · ${run.status}${run.demo ? " · demo model" : ""}`,
    `task: ${run.task}`,
    `agents: ${agents}`,
  ];
}

/** Lines for one event, given the run's state after applying it. */
export function plainEventLines(e: Envelope, state: RunState): string[] {
  const d = (e.data ?? {}) as Data;
  const at = stamp(e, state);
  const turn = typeof d.turn_id === "string" ? state.turns.find((t) => t.turn_id === d.turn_id) : undefined;
  switch (e.type) {
    case "run.strategy_selected":
      return [`${at} strategy: ${String(d.strategy)} — ${String(d.reason ?? "")}`];
    case "run.started":
      return [`${at} started`];
    case "run.paused":
      return [`${at} paused`];
    case "run.resumed":
      return [`${at} resumed`];
    case "agent.turn_started": {
      const round = Number(d.round ?? 1) > 1 ? `, round ${String(d.round)}` : "";
      return [`${at} ${String(d.agent)} (${String(d.role)} · ${modelLabel(String(d.model))}) is writing${round}…`];
    }
    case "agent.turn_completed": {
      const took = (Number(d.latency_ms ?? 0) / 1000).toFixed(1);
      return [
        `${at} ${String(d.agent)} done · ${formatCount(Number(d.output_tokens ?? 0))} tokens · ${formatUsd(Number(d.cost_usd ?? 0))} · ${took} s`,
        ...indent(String(d.text ?? turn?.text ?? "")),
      ];
    }
    case "agent.turn_failed":
      return [
        `${at} ${String(d.agent)} ${d.error_type === "cancelled" ? "stopped" : "failed"}: ${String(d.message ?? d.error_type ?? "")}`,
      ];
    case "tool.invoked":
      return [`${at} tool ${String(d.tool)} …`];
    case "tool.result":
      return [`${at} tool ${String(d.tool)} ${d.success ? "✓" : "✗"} ${String(d.output_preview ?? "").replace(/\s+/g, " ")}`];
    case "verification":
      return [
        `${at} verdict ${d.passed ? "✓" : "✗"} ${String(d.verdict ?? "")}${typeof d.score === "number" ? ` (score ${d.score})` : ""}`,
      ];
    case "run.progress": {
      const left = typeof d.est_remaining_ms === "number" ? ` · ~${formatDuration(d.est_remaining_ms)} left` : "";
      return [`${at} step ${String(d.completed_steps)}/${String(d.total_steps)}${left} · ${formatUsd(Number(d.cost_usd ?? 0))}`];
    }
    case "run.budget_warning":
    case "run.budget_exceeded":
      return [
        `${at} budget ${e.type === "run.budget_exceeded" ? "exceeded" : "nearly spent"}: ${formatUsd(Number(d.spent_usd ?? 0))} of ${formatUsd(Number(d.limit_usd ?? 0))}`,
      ];
    case "run.completed":
      return [`${at} completed ${d.success ? "✓" : "(verdict did not pass)"}`];
    case "run.failed":
      return [`${at} failed: ${String(d.error_type)}: ${String(d.message ?? "")}`];
    case "run.cancelled":
      return [`${at} cancelled`];
    case "error":
      return [`${at} error: ${String(d.error_type)}: ${String(d.message ?? "")}`];
    case "stream.reset":
      return [`${at} the stream was reset (${String(d.reason ?? "")}): reloading the run's stored state`];
    default:
      return [];
  }
}
