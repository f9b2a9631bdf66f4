// AgentArea's task stream (seed document 003, "SSE Real-Time Event Streaming"): a run's events as
// **named** SSE events of its Workflow* types — `addEventListener('WorkflowLLMCallStarted', …)` reads
// `data.model` and `data.estimated_cost` — with the fields at the top of each frame's data, and `heartbeat`.
// Served by GET /api/v1/agents/{agent_id}/tasks/{task_id}/events/stream (lib/http/sse/task-stream.ts) and by
// batch mode (lib/agents/task-batch.ts).
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import type { Dialect, DialectFrame } from "../dialect";

export const WORKFLOW_EVENT_TYPES = [
  "WorkflowStarted",
  "WorkflowCompleted",
  "WorkflowFailed",
  "WorkflowLLMCallStarted",
  "WorkflowLLMCallCompleted",
  "WorkflowToolCallStarted",
  "WorkflowToolCallCompleted",
  "WorkflowBudgetWarning",
  "WorkflowBudgetExceeded",
  "WorkflowPaused",
  "WorkflowResumed",
  "WorkflowStepStarted",
  "WorkflowStepCompleted",
] as const;
export type WorkflowEventType = (typeof WORKFLOW_EVENT_TYPES)[number];

/** The events after which a task's stream is over. */
export const TERMINAL_WORKFLOW_EVENTS: ReadonlySet<WorkflowEventType> = new Set(["WorkflowCompleted", "WorkflowFailed"]);

export interface WorkflowContext {
  taskId: string;
  agentId: string;
  /** What a model call is expected to cost before it runs (USD), where a price is known; else null. */
  estimateCost?: (model: string) => number | null;
}

type Fields = Record<string, unknown>;

export function agentAreaDialect(context: WorkflowContext): Dialect {
  return {
    frame: (e) => toWorkflowEvent(e, context),
    keepalive: (timestamp) => ({ event: "heartbeat", data: { event_type: "heartbeat", timestamp } }),
  };
}

/** AgentArea's view of an event: a named Workflow* frame, or null for what it does not show. */
export function toWorkflowEvent(e: Envelope, context: WorkflowContext): DialectFrame | null {
  const view = workflowView(e, context);
  if (!view) return null;
  const [type, fields] = view;
  return {
    event: type,
    data: { event_type: type, task_id: context.taskId, agent_id: context.agentId, timestamp: e.ts, ...fields },
  };
}

function workflowView(e: Envelope, context: WorkflowContext): [WorkflowEventType, Fields] | null {
  const event = asBuiltinEvent(e);
  switch (event?.type) {
    case "run.started":
      return ["WorkflowStarted", { agents: event.data.agents ?? [], budget_usd: event.data.budget_usd ?? null }];
    case "agent.turn_started": {
      const { model, agent, turn_id, round } = event.data;
      return ["WorkflowLLMCallStarted", { model, estimated_cost: context.estimateCost?.(model) ?? null, agent, turn_id, round }];
    }
    case "agent.turn_completed": {
      const d = event.data;
      const usage = { input_tokens: d.input_tokens, output_tokens: d.output_tokens };
      return [
        "WorkflowLLMCallCompleted",
        {
          model: d.model,
          cost: d.cost_usd,
          usage,
          latency_ms: d.latency_ms,
          agent: d.agent,
          turn_id: d.turn_id,
          content: d.text,
        },
      ];
    }
    case "tool.invoked":
      return [
        "WorkflowToolCallStarted",
        { tool_name: event.data.tool, arguments: event.data.input, call_id: event.data.call_id },
      ];
    case "tool.result": {
      const d = event.data;
      return [
        "WorkflowToolCallCompleted",
        { tool_name: d.tool, success: d.success, result: d.output_preview, latency_ms: d.latency_ms, call_id: d.call_id },
      ];
    }
    case "run.budget_warning":
      return ["WorkflowBudgetWarning", { ...event.data }];
    case "run.budget_exceeded":
      return ["WorkflowBudgetExceeded", { ...event.data }];
    case "run.paused":
      return ["WorkflowPaused", {}];
    case "run.resumed":
      return ["WorkflowResumed", {}];
    case "step":
      return ["WorkflowStepStarted", { step: event.data.step, description: event.data.description }];
    case "run.progress":
      return ["WorkflowStepCompleted", { ...event.data }];
    case "run.completed": {
      const { success, summary, usage, duration_ms } = event.data;
      return ["WorkflowCompleted", { success, final_response: summary, usage, duration_ms }];
    }
    case "run.failed":
      return ["WorkflowFailed", { error_type: event.data.error_type, error: event.data.message }];
    case "run.cancelled":
      return ["WorkflowFailed", { error_type: "cancelled", error: event.data.reason ?? "The task was cancelled" }];
    default:
      return null;
  }
}
