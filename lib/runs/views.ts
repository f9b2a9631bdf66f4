// The JSON shapes of runs and turns, shared by routes, the page, the CLI and exports.
import type { AgentSpec, RunStatus, Strategy } from "./schemas";

export interface TurnView {
  turn_id: string;
  seq: number;
  agent: string;
  role: string;
  model: string;
  round: number;
  status: "running" | "completed" | "failed" | "cancelled";
  prompt_preview: string;
  text: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  latency_ms: number | null;
  tools: { call_id: string; tool: string; input: unknown; success: boolean; output_preview: string; latency_ms: number }[];
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface RunView {
  run_id: string;
  task: string;
  strategy: Strategy;
  strategy_reason: string;
  status: RunStatus;
  agents: AgentSpec[];
  rounds: number;
  budget_usd: number | null;
  max_tokens: number | null;
  session_id: string | null;
  /** True when any agent uses the built-in demo model. */
  demo: boolean;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  summary: string | null;
  verdict: { passed: boolean; verdict: string; score?: number } | null;
  error: { error_type: string; message: string } | null;
}

export interface RunSnapshot {
  run: RunView;
  turns: TurnView[];
  usage: { input_tokens: number; output_tokens: number; cost_usd: number };
  progress: { completed_steps: number; total_steps: number };
  status: RunStatus;
  /** The stream cursor read before the snapshot. */
  last_event_id: string | null;
}

export function totalSteps(run: Pick<RunView, "strategy" | "agents" | "rounds">): number {
  if (run.strategy !== "debate") return run.agents.length;
  const debaters = run.agents.filter((a) => !a.role.toLowerCase().startsWith("judge")).length;
  return debaters * run.rounds + (debaters < run.agents.length ? 1 : 0);
}

export interface CreatedRun {
  run_id: string;
  status: RunStatus;
  strategy: Strategy;
  stream_url: string;
  status_url: string;
  /** Lets whoever holds it cancel, pause or resume the run (send as X-Parley-Control-Token). */
  control_token: string;
}

export interface RunList {
  runs: RunView[];
  next_cursor: string | null;
}
