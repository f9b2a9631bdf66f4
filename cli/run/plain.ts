// Plain line output for when stdout is not a terminal (a log, a pipe): one line per thing that happened,
// each turn's whole text once it is done, never a token at a time. Pure.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent, type BuiltinEvent } from "@/lib/events/schemas";
import type { RunState } from "@/lib/runs/state/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { formatCount, formatDuration, formatUsd, modelLabel, truncate, verdictLine } from "../ui/text";

const indent = (text: string) =>
  text
    .trim()
    .split(/\r\n|\r|\n/)
    .map((l) => `    ${l}`);

function stamp(e: Pick<Envelope, "ts">, state: RunState): string {
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

/** Lines for one event, given the run's state after applying it; none for events of other types. */
export function plainEventLines(envelope: Envelope, state: RunState): string[] {
  const e = asBuiltinEvent(envelope);
  if (!e) return [];
  const at = stamp(e, state);
  return runLines(e, at) ?? turnLines(e, at) ?? steeringLines(e, at) ?? [];
}

/** The run's own course: started, paused, progress, budget, its end. */
function runLines(e: BuiltinEvent, at: string): string[] | undefined {
  switch (e.type) {
    case "run.strategy_selected":
      return [`${at} strategy: ${e.data.strategy} — ${e.data.reason}`];
    case "run.started":
      return [`${at} started`];
    case "run.paused":
      return [`${at} paused`];
    case "run.resumed":
      return [`${at} resumed`];
    case "run.progress": {
      const { completed_steps, total_steps, est_remaining_ms, cost_usd } = e.data;
      const left = est_remaining_ms !== null ? ` · ~${formatDuration(est_remaining_ms)} left` : "";
      return [`${at} step ${completed_steps}/${total_steps}${left} · ${formatUsd(cost_usd)}`];
    }
    case "run.budget_warning":
    case "run.budget_exceeded": {
      const what = e.type === "run.budget_exceeded" ? "exceeded" : "nearly spent";
      return [`${at} budget ${what}: ${formatUsd(e.data.spent_usd)} of ${formatUsd(e.data.limit_usd)}`];
    }
    case "run.completed":
      return [`${at} completed ${e.data.success ? "✓" : "(verdict did not pass)"}`];
    case "run.failed":
      return [`${at} failed: ${e.data.error_type}: ${e.data.message}`];
    case "run.cancelled":
      return [`${at} cancelled${e.data.reason === "rejected" ? ": rejected at a gate" : ""}`];
    case "error":
      return [`${at} error: ${e.data.error_type}: ${e.data.message}`];
    case "stream.reset":
      return [`${at} the stream was reset (${e.data.reason}): reloading the run's stored state`];
    case "step":
      return [`${at} step ${e.data.step}: ${e.data.description}`];
    case "run.state":
      return [`${at} state: ${truncate(JSON.stringify(e.data.state) ?? "null", 400)}`];
    case "run.log":
      return [`${at} ${e.data.source} ${e.data.type}: ${truncate(JSON.stringify(e.data.data) ?? "", 200)}`];
    default:
      return undefined;
  }
}

/** The agents' turns and the tools around them. */
function turnLines(e: BuiltinEvent, at: string): string[] | undefined {
  switch (e.type) {
    case "agent.turn_started": {
      const { agent, role, model, round } = e.data;
      return [`${at} ${agent} (${role} · ${modelLabel(model)}) is writing${round > 1 ? `, round ${round}` : ""}…`];
    }
    case "agent.turn_completed": {
      const { agent, output_tokens, cost_usd, latency_ms, text } = e.data;
      const took = (latency_ms / 1000).toFixed(1);
      return [`${at} ${agent} done · ${formatCount(output_tokens)} tokens · ${formatUsd(cost_usd)} · ${took} s`, ...indent(text)];
    }
    case "agent.turn_failed": {
      const { agent, error_type, message } = e.data;
      return [`${at} ${agent} ${error_type === "cancelled" ? "stopped" : "failed"}: ${message}`];
    }
    case "tool.invoked":
      return [`${at} tool ${e.data.tool} …`];
    case "tool.result":
      return [`${at} tool ${e.data.tool} ${e.data.success ? "✓" : "✗"} ${e.data.output_preview.replace(/\s+/g, " ")}`];
    case "verification": {
      return [`${at} verdict ${e.data.passed ? "✓" : "✗"} ${verdictLine(e.data)}`];
    }
    case "agent.turn_superseded":
      return [
        `${at} ${e.data.agent}'s turn ${e.data.reason === "redirected" ? "was sent back: it runs again" : "was interrupted: retried"}`,
      ];
    default:
      return undefined;
  }
}

/** What people do to a run: notes, gates and votes, comments. */
function steeringLines(e: BuiltinEvent, at: string): string[] | undefined {
  switch (e.type) {
    case "run.interjection":
      return [`${at} note from ${e.data.display_name} to ${e.data.to ?? "every agent"}: ${e.data.content}`];
    case "run.awaiting_approval": {
      const { step, agent, quorum, timeout_at } = e.data;
      const until = timeout_at ? `, until ${timeout_at}` : "";
      return [`${at} waiting for approval: step ${step} (${agent}), ${quorum} needed${until}`];
    }
    case "run.gate_vote":
      return [`${at} ${e.data.display_name} votes ${e.data.decision}`];
    case "run.gate_decided":
      return [
        `${at} gate decided: ${e.data.decision}${e.data.timed_out ? " (timed out)" : ""}${e.data.note ? ` — “${e.data.note}”` : ""}`,
      ];
    case "run.comment":
      return [`${at} comment by ${e.data.display_name}: ${e.data.content}`];
    default:
      return undefined;
  }
}
