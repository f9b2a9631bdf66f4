// LLMHive's orchestration stream (seed document 000, "Orchestration Event Streaming"): a run's events as
// `event: orchestration_event` frames of {type, message, details, timestamp}, and `event: keepalive`.
// Details carry the document's fields (model_response {model, tokens, latency_ms}, tool_invoked {tool_type,
// query}, tool_result {tool_type, success, latency_ms}, …) alongside Parley's own.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent, type BuiltinEvent, type EventOf } from "@/lib/events/schemas";
import { shorten } from "@/lib/runs/text";
import type { Dialect } from "../dialect";

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

export interface OrchestrationEvent {
  type: OrchestrationEventName;
  message: string;
  details: Data;
  timestamp: string;
}

export interface OrchestrationOptions {
  /** `?dev_mode=true` or LLMHIVE_DEV_MODE: full texts, prompt previews and progress/budget steps. */
  devMode: boolean;
  /** `?filter=`: the types to show; null shows all. A name that is no type selects nothing. */
  filter: ReadonlySet<string> | null;
}

/** `?filter=model_call,complete` → the names; empty or absent → null (everything). */
export function parseOrchestrationFilter(raw: string | null): ReadonlySet<string> | null {
  const names = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length ? new Set(names) : null;
}

/** `?dev_mode=` as LLMHive reads a bool. */
export const isTrueParam = (value: string | null) => ["1", "true", "yes"].includes((value ?? "").toLowerCase());

export function orchestrationDialect(options: OrchestrationOptions): Dialect {
  return {
    frame: (e) => {
      const event = toOrchestrationEvent(e, options.devMode);
      if (!event || (options.filter && !options.filter.has(event.type))) return null;
      return { event: "orchestration_event", data: event };
    },
    keepalive: (timestamp) => ({ event: "keepalive", data: { timestamp } }),
  };
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
      return ["tool_invoked", `Tool ${tool}`, { tool_type: tool, query: queryOf(input), call_id, tool, input }];
    }
    case "tool.result": {
      const d = event.data;
      const message = `Tool ${d.tool} ${d.success ? "succeeded" : "failed"}: ${d.output_preview}`;
      return ["tool_result", message, { tool_type: d.tool, ...d }];
    }
    case "verification":
      return ["verification", `${event.data.passed ? "Passed" : "Failed"}: ${event.data.verdict}`, { ...event.data }];
    case "step":
      return ["step", event.data.description, { step: event.data.step, description: event.data.description }];
    case "agent.turn_failed": {
      const { error_type, message, agent } = event.data;
      return ["error", message, { error_type, message, agent }];
    }
    case "run.failed":
    case "error":
      return ["error", event.data.message, { error_type: event.data.error_type, message: event.data.message }];
    case "run.completed": {
      const { success, summary, usage, duration_ms } = event.data;
      return ["complete", "Run completed", { status: "completed", success, summary, usage, duration_ms }];
    }
    case "run.cancelled":
      return ["complete", "Run cancelled", { status: "cancelled", success: false, summary: "The run was cancelled" }];
    case "run.progress":
    case "run.budget_warning":
    case "run.budget_exceeded":
      return devMode ? ["step", event.type.replace("run.", "").replace("_", " "), { step: event.type, ...event.data }] : null;
    default:
      return null;
  }
}

/** The document's `query`: the tool's input as text (a string as it is, a `{query}` field, else its JSON). */
function queryOf(input: unknown): string {
  if (typeof input === "string") return input;
  if (input && typeof input === "object" && "query" in input && typeof input.query === "string") return input.query;
  return input === undefined ? "" : JSON.stringify(input);
}

function modelCall(d: EventOf<"agent.turn_started">["data"], devMode: boolean): View {
  const { agent, role, model, round, turn_id } = d;
  const prompt_preview = devMode ? d.prompt_preview : shorten(d.prompt_preview, 200);
  return ["model_call", `${agent} → ${model}`, { model, prompt_preview, agent, role, round, turn_id }];
}

function modelResponse(d: EventOf<"agent.turn_completed">["data"], devMode: boolean): View {
  const { agent, model, turn_id, input_tokens, output_tokens, cost_usd, latency_ms } = d;
  return [
    "model_response",
    `${agent} answered (${output_tokens} tokens, ${(latency_ms / 1000).toFixed(1)} s)`,
    {
      model,
      tokens: input_tokens + output_tokens,
      latency_ms,
      agent,
      turn_id,
      input_tokens,
      output_tokens,
      cost_usd,
      text: devMode ? d.text : shorten(d.text, 200),
    },
  ];
}
