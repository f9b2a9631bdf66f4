// What the run page shows, built from the snapshot and then from the run's events. Pure and idempotent
// by turn id: a replayed token for a finished turn, or a doubled event, changes nothing.
import type { Envelope } from "@/lib/events/envelope";
import type { RunSnapshot, RunView, TurnView } from "@/lib/runs/views";

export type LaneTurn = Omit<TurnView, "seq" | "prompt_preview" | "finished_at"> & { prompt_preview?: string };

export interface RunState {
  run: RunView;
  /** In the order they started. */
  turns: LaneTurn[];
  progress: { completed_steps: number; total_steps: number; est_remaining_ms: number | null };
  usage: { input_tokens: number; output_tokens: number; cost_usd: number };
  budget: { warned: boolean; exceeded: boolean; spent_usd: number };
  success: boolean | null;
  duration_ms: number | null;
  resets: number;
}

export function fromSnapshot(s: RunSnapshot): RunState {
  return {
    run: s.run,
    turns: s.turns.map(({ seq: _seq, finished_at: _f, ...t }) => ({ ...t, tools: [...t.tools] })),
    progress: { ...s.progress, est_remaining_ms: null },
    usage: { ...s.usage },
    budget: { warned: false, exceeded: false, spent_usd: s.usage.cost_usd },
    success: s.run.status === "completed" ? (s.run.verdict?.passed ?? true) : null,
    duration_ms: s.run.started_at && s.run.finished_at ? Date.parse(s.run.finished_at) - Date.parse(s.run.started_at) : null,
    resets: 0,
  };
}

type Data = Record<string, unknown>;

function updateTurn(state: RunState, turnId: unknown, update: (t: LaneTurn) => LaneTurn | null): RunState {
  const i = state.turns.findIndex((t) => t.turn_id === turnId);
  if (i < 0) return state;
  const next = update(state.turns[i] as LaneTurn);
  if (!next) return state;
  const turns = state.turns.slice();
  turns[i] = next;
  return { ...state, turns };
}

export function applyRunEvent(state: RunState, e: Envelope): RunState {
  const d = (e.data ?? {}) as Data;
  const run = state.run;
  switch (e.type) {
    case "run.strategy_selected":
      return { ...state, run: { ...run, strategy_reason: String(d.reason ?? run.strategy_reason) } };
    case "run.started":
      return {
        ...state,
        run: { ...run, status: run.status === "queued" ? "running" : run.status, started_at: run.started_at ?? e.ts },
      };
    case "run.paused":
      return { ...state, run: { ...run, status: "paused" } };
    case "run.resumed":
      return { ...state, run: { ...run, status: "running" } };
    case "agent.turn_started": {
      if (state.turns.some((t) => t.turn_id === d.turn_id)) return state;
      const turn: LaneTurn = {
        turn_id: String(d.turn_id),
        agent: String(d.agent),
        role: String(d.role),
        model: String(d.model),
        round: Number(d.round ?? 1),
        status: "running",
        prompt_preview: String(d.prompt_preview ?? ""),
        text: "",
        input_tokens: 0,
        output_tokens: 0,
        cost_usd: 0,
        latency_ms: null,
        tools: [],
        error: null,
        started_at: e.ts,
      };
      return {
        ...state,
        run: { ...run, status: run.status === "queued" ? "running" : run.status },
        turns: [...state.turns, turn],
      };
    }
    case "agent.token":
      return updateTurn(state, d.turn_id, (t) => (t.status === "running" ? { ...t, text: t.text + String(d.text ?? "") } : null));
    case "agent.turn_completed":
      return updateTurn(state, d.turn_id, (t) => ({
        ...t,
        status: "completed",
        text: String(d.text ?? t.text),
        input_tokens: Number(d.input_tokens ?? 0),
        output_tokens: Number(d.output_tokens ?? 0),
        cost_usd: Number(d.cost_usd ?? 0),
        latency_ms: Number(d.latency_ms ?? 0),
      }));
    case "agent.turn_failed":
      return updateTurn(state, d.turn_id, (t) =>
        t.status === "running"
          ? { ...t, status: d.error_type === "cancelled" ? "cancelled" : "failed", error: String(d.message ?? "") }
          : null,
      );
    case "tool.invoked":
    case "tool.result": {
      const callId = String(d.call_id);
      const owner = state.turns.find((t) => callId.startsWith(`${t.turn_id}_`));
      if (!owner) return state;
      return updateTurn(state, owner.turn_id, (t) => {
        const rest = t.tools.filter((x) => x.call_id !== callId);
        const prior = t.tools.find((x) => x.call_id === callId);
        if (e.type === "tool.invoked" && prior) return null;
        const tool = {
          call_id: callId,
          tool: String(d.tool),
          input: d.input ?? prior?.input ?? null,
          success: e.type === "tool.result" ? Boolean(d.success) : false,
          output_preview: e.type === "tool.result" ? String(d.output_preview ?? "") : "running…",
          latency_ms: Number(d.latency_ms ?? 0),
        };
        return { ...t, tools: [...rest, tool] };
      });
    }
    case "verification":
      return {
        ...state,
        run: {
          ...run,
          verdict: {
            passed: Boolean(d.passed),
            verdict: String(d.verdict ?? ""),
            ...(typeof d.score === "number" && { score: d.score }),
          },
        },
      };
    case "run.progress":
      return {
        ...state,
        progress: {
          completed_steps: Number(d.completed_steps),
          total_steps: Number(d.total_steps),
          est_remaining_ms: (d.est_remaining_ms as number | null) ?? null,
        },
        usage: { ...state.usage, cost_usd: Math.max(state.usage.cost_usd, Number(d.cost_usd ?? 0)) },
      };
    case "run.budget_warning":
      return { ...state, budget: { ...state.budget, warned: true, spent_usd: Number(d.spent_usd ?? 0) } };
    case "run.budget_exceeded":
      return { ...state, budget: { ...state.budget, warned: true, exceeded: true, spent_usd: Number(d.spent_usd ?? 0) } };
    case "run.completed": {
      const usage = (d.usage ?? state.usage) as RunState["usage"];
      return {
        ...state,
        run: { ...run, status: "completed", summary: String(d.summary ?? ""), finished_at: e.ts },
        usage: { ...usage },
        success: Boolean(d.success),
        duration_ms: Number(d.duration_ms ?? 0),
      };
    }
    case "run.failed":
      return {
        ...state,
        run: {
          ...run,
          status: "failed",
          finished_at: e.ts,
          error: { error_type: String(d.error_type), message: String(d.message ?? "") },
        },
      };
    case "run.cancelled":
      return { ...state, run: { ...run, status: "cancelled", finished_at: e.ts } };
    case "stream.reset":
      return { ...state, resets: state.resets + 1 };
    default:
      return state;
  }
}

/** Tokens so far: exact for finished turns, estimated from the text for the ones still streaming. */
export function liveTokens(state: RunState): number {
  return state.turns.reduce(
    (n, t) => n + (t.status === "running" ? Math.ceil(t.text.length / 4) : t.input_tokens + t.output_tokens),
    0,
  );
}

export const isTerminal = (status: string) => status === "completed" || status === "failed" || status === "cancelled";

/** One lane per agent, in the order the run lists them, each with its turns. */
export function lanes(state: RunState): { agent: string; role: string; model: string; turns: LaneTurn[] }[] {
  return state.run.agents.map((a) => ({
    agent: a.name,
    role: a.role,
    model: a.model,
    turns: state.turns.filter((t) => t.agent === a.name),
  }));
}
