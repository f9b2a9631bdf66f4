// The seed documents' streaming formats, as views of a run's channel (not a second engine):
// LLMHive's `orchestration_event`s and Facilitair's named task events.
import type { Envelope } from "@/lib/events/envelope";
import { encodeText, formatFrame } from "@/lib/events/sse";

type Data = Record<string, unknown>;

export const ORCHESTRATION_EVENT_NAMES = [
  "strategy_selected",
  "model_call",
  "model_response",
  "tool_invoked",
  "tool_result",
  "verification",
  "step",
  "error",
  "complete",
] as const;

export interface OrchestrationEvent {
  type: (typeof ORCHESTRATION_EVENT_NAMES)[number];
  message: string;
  details: Data;
  timestamp: string;
}

const preview = (text: unknown, max = 200) => {
  const s = String(text ?? "");
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** LLMHive's view of an event; `devMode` adds full texts and progress/budget steps. Null: not shown. */
export function toOrchestrationEvent(e: Envelope, devMode: boolean): OrchestrationEvent | null {
  const d = (e.data ?? {}) as Data;
  const make = (type: OrchestrationEvent["type"], message: string, details: Data): OrchestrationEvent => ({
    type,
    message,
    details,
    timestamp: e.ts,
  });
  switch (e.type) {
    case "run.strategy_selected":
      return make("strategy_selected", `Strategy: ${d.strategy}`, { strategy: d.strategy, reason: d.reason });
    case "agent.turn_started":
      return make("model_call", `${d.agent} → ${d.model}`, {
        agent: d.agent,
        role: d.role,
        model: d.model,
        round: d.round,
        turn_id: d.turn_id,
        ...(devMode && { prompt_preview: d.prompt_preview }),
      });
    case "agent.turn_completed":
      return make(
        "model_response",
        `${d.agent} answered (${d.output_tokens} tokens, ${((d.latency_ms as number) / 1000).toFixed(1)} s)`,
        {
          agent: d.agent,
          model: d.model,
          turn_id: d.turn_id,
          input_tokens: d.input_tokens,
          output_tokens: d.output_tokens,
          cost_usd: d.cost_usd,
          latency_ms: d.latency_ms,
          text: devMode ? d.text : preview(d.text),
        },
      );
    case "tool.invoked":
      return make("tool_invoked", `Tool ${d.tool}`, { call_id: d.call_id, tool: d.tool, input: d.input });
    case "tool.result":
      return make("tool_result", `Tool ${d.tool} ${d.success ? "succeeded" : "failed"}: ${d.output_preview}`, { ...d });
    case "verification":
      return make("verification", `${d.passed ? "Passed" : "Failed"}: ${d.verdict}`, { ...d });
    case "step":
      return make("step", String(d.description ?? ""), { step: d.step });
    case "agent.turn_failed":
    case "run.failed":
    case "error":
      return make("error", String(d.message ?? "error"), { error_type: d.error_type, ...(d.agent ? { agent: d.agent } : {}) });
    case "run.completed":
      return make("complete", "Run completed", {
        status: "completed",
        success: d.success,
        summary: d.summary,
        usage: d.usage,
        duration_ms: d.duration_ms,
      });
    case "run.cancelled":
      return make("complete", "Run cancelled", { status: "cancelled" });
    case "run.progress":
    case "run.budget_warning":
    case "run.budget_exceeded":
      return devMode ? make("step", e.type.replace("run.", "").replace("_", " "), { ...d }) : null;
    default:
      return null;
  }
}

/** Facilitair's view: a named event and its data. Null: not shown. */
export function toTaskEvent(e: Envelope, streamId: string): { event: string; data: Data } | null {
  const d = (e.data ?? {}) as Data;
  const at = { timestamp: e.ts };
  switch (e.type) {
    case "run.started":
      return { event: "task_started", data: { stream_id: streamId, agents: d.agents, ...at } };
    case "run.progress": {
      const total = (d.total_steps as number) || 1;
      return {
        event: "task_progress",
        data: { ...d, percent: Math.round(((d.completed_steps as number) / total) * 100), ...at },
      };
    }
    case "agent.turn_started":
      return { event: "chunk_started", data: { chunk_id: d.turn_id, agent: d.agent, role: d.role, model: d.model, ...at } };
    case "agent.token":
      return { event: "token_stream", data: { chunk_id: d.turn_id, agent: d.agent, token: d.text, ...at } };
    case "agent.turn_completed":
      return {
        event: "chunk_completed",
        data: {
          chunk_id: d.turn_id,
          agent: d.agent,
          content: d.text,
          tokens: d.output_tokens,
          cost_usd: d.cost_usd,
          latency_ms: d.latency_ms,
          ...at,
        },
      };
    case "run.completed":
      return {
        event: "task_completed",
        data: { stream_id: streamId, success: d.success, summary: d.summary, usage: d.usage, duration_ms: d.duration_ms, ...at },
      };
    case "run.failed":
      return { event: "task_error", data: { stream_id: streamId, error_type: d.error_type, message: d.message, ...at } };
    case "run.cancelled":
      return {
        event: "task_error",
        data: { stream_id: streamId, error_type: "cancelled", message: "The task was cancelled", ...at },
      };
    default:
      return null;
  }
}

export function namedFrame(id: string | undefined, event: string, data: unknown): Uint8Array {
  return encodeText(formatFrame({ id, event, data: JSON.stringify(data) }));
}
