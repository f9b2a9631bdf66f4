// The seed documents' streaming formats, as views of a run's channel (not a second engine):
// LLMHive's `orchestration_event`s and Facilitair's named task events. lib/http/sse/run-stream.ts frames them.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent, type BuiltinEvent, type EventOf } from "@/lib/events/schemas";
import { shorten } from "../runs/text";

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
export type OrchestrationEventName = (typeof ORCHESTRATION_EVENT_NAMES)[number];

const orchestrationEventNames: ReadonlySet<string> = new Set(ORCHESTRATION_EVENT_NAMES);
export function isOrchestrationEventName(name: string): name is OrchestrationEventName {
  return orchestrationEventNames.has(name);
}

export interface OrchestrationEvent {
  type: OrchestrationEventName;
  message: string;
  details: Data;
  timestamp: string;
}

type View = [type: OrchestrationEventName, message: string, details: Data];

/** LLMHive's view of an event; `devMode` adds full texts and progress/budget steps. Null: not shown. */
export function toOrchestrationEvent(e: Envelope, devMode: boolean): OrchestrationEvent | null {
  const event = asBuiltinEvent(e);
  const view = event && orchestrationView(event, devMode);
  return view ? { type: view[0], message: view[1], details: view[2], timestamp: e.ts } : null;
}

function orchestrationView(event: BuiltinEvent, devMode: boolean): View | null {
  switch (event.type) {
    case "run.strategy_selected": {
      const { strategy, reason } = event.data;
      return ["strategy_selected", `Strategy: ${strategy}`, { strategy, reason }];
    }
    case "agent.turn_started":
      return modelCall(event.data, devMode);
    case "agent.turn_completed":
      return modelResponse(event.data, devMode);
    case "tool.invoked": {
      const { call_id, tool, input } = event.data;
      return ["tool_invoked", `Tool ${tool}`, { call_id, tool, input }];
    }
    case "tool.result": {
      const d = event.data;
      return ["tool_result", `Tool ${d.tool} ${d.success ? "succeeded" : "failed"}: ${d.output_preview}`, { ...d }];
    }
    case "verification":
      return ["verification", `${event.data.passed ? "Passed" : "Failed"}: ${event.data.verdict}`, { ...event.data }];
    case "step":
      return ["step", event.data.description, { step: event.data.step }];
    case "agent.turn_failed":
      return ["error", event.data.message, { error_type: event.data.error_type, agent: event.data.agent }];
    case "run.failed":
    case "error":
      return ["error", event.data.message, { error_type: event.data.error_type }];
    case "run.completed": {
      const { success, summary, usage, duration_ms } = event.data;
      return ["complete", "Run completed", { status: "completed", success, summary, usage, duration_ms }];
    }
    case "run.cancelled":
      return ["complete", "Run cancelled", { status: "cancelled" }];
    case "run.progress":
    case "run.budget_warning":
    case "run.budget_exceeded":
      return devMode ? ["step", event.type.replace("run.", "").replace("_", " "), { ...event.data }] : null;
    default:
      return null;
  }
}

function modelCall(d: EventOf<"agent.turn_started">["data"], devMode: boolean): View {
  const { agent, role, model, round, turn_id } = d;
  return [
    "model_call",
    `${agent} → ${model}`,
    { agent, role, model, round, turn_id, ...(devMode && { prompt_preview: d.prompt_preview }) },
  ];
}

function modelResponse(d: EventOf<"agent.turn_completed">["data"], devMode: boolean): View {
  const { agent, model, turn_id, input_tokens, output_tokens, cost_usd, latency_ms } = d;
  return [
    "model_response",
    `${agent} answered (${output_tokens} tokens, ${(latency_ms / 1000).toFixed(1)} s)`,
    { agent, model, turn_id, input_tokens, output_tokens, cost_usd, latency_ms, text: devMode ? d.text : shorten(d.text, 200) },
  ];
}

/** Facilitair's view: a named event and its data. Null: not shown. */
export function toTaskEvent(e: Envelope, streamId: string): { event: string; data: Data } | null {
  const event = asBuiltinEvent(e);
  if (!event) return null;
  const at = { timestamp: e.ts };
  switch (event.type) {
    case "run.started":
      return { event: "task_started", data: { stream_id: streamId, agents: event.data.agents, ...at } };
    case "run.progress": {
      const d = event.data;
      return {
        event: "task_progress",
        data: { ...d, percent: Math.round((d.completed_steps / (d.total_steps || 1)) * 100), ...at },
      };
    }
    case "agent.turn_started": {
      const d = event.data;
      return { event: "chunk_started", data: { chunk_id: d.turn_id, agent: d.agent, role: d.role, model: d.model, ...at } };
    }
    case "agent.token": {
      const d = event.data;
      return { event: "token_stream", data: { chunk_id: d.turn_id, agent: d.agent, token: d.text, ...at } };
    }
    case "agent.turn_completed": {
      const d = event.data;
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
    }
    case "run.completed": {
      const { success, summary, usage, duration_ms } = event.data;
      return { event: "task_completed", data: { stream_id: streamId, success, summary, usage, duration_ms, ...at } };
    }
    case "run.failed": {
      const { error_type, message } = event.data;
      return { event: "task_error", data: { stream_id: streamId, error_type, message, ...at } };
    }
    case "run.cancelled":
      return {
        event: "task_error",
        data: { stream_id: streamId, error_type: "cancelled", message: "The task was cancelled", ...at },
      };
    default:
      return null;
  }
}
