// Facilitair's task stream (seed document 001): a run's events as named frames task_started, task_progress,
// chunk_started, token_stream, chunk_completed, task_completed, task_error, and `heartbeat`. Frames carry
// the document's fields (token_stream {tokens}, task_completed {result}) alongside Parley's own.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import type { Dialect, DialectFrame } from "../dialect";

type Data = Record<string, unknown>;

/**
 * The dialect for one task's stream. It remembers the texts of the turns it has framed, so that
 * `task_completed`'s `result` is the whole answer the summary was taken from (the latest turn whose text
 * starts with it); a stream resumed after that turn falls back to the summary.
 */
export function facilitairDialect(streamId: string): Dialect {
  const texts: string[] = [];
  return {
    frame: (e) => {
      const event = asBuiltinEvent(e);
      if (event?.type === "agent.turn_completed") texts.push(event.data.text);
      return toTaskEvent(e, streamId, texts);
    },
    keepalive: (timestamp) => ({ event: "heartbeat", data: { timestamp } }),
  };
}

/** The final answer behind `summary`: the latest turn text it was taken from, or the summary itself. */
export function resultOf(summary: string, turnTexts: readonly string[]): string {
  const head = summary.trim();
  for (let i = turnTexts.length - 1; i >= 0; i--) {
    const text = turnTexts[i] ?? "";
    if (head && text.trim().startsWith(head)) return text;
  }
  return summary;
}

/** Facilitair's view: a named event and its data. Null: not shown. */
export function toTaskEvent(e: Envelope, streamId: string, turnTexts: readonly string[] = []): DialectFrame | null {
  const event = asBuiltinEvent(e);
  if (!event) return null;
  const at = { timestamp: e.ts };
  const frame = (name: string, data: Data): DialectFrame => ({ event: name, data: { ...data, ...at } });
  switch (event.type) {
    case "run.started":
      return frame("task_started", { stream_id: streamId, agents: event.data.agents });
    case "run.progress": {
      const d = event.data;
      return frame("task_progress", { ...d, percent: Math.round((d.completed_steps / (d.total_steps || 1)) * 100) });
    }
    case "agent.turn_started": {
      const d = event.data;
      return frame("chunk_started", { chunk_id: d.turn_id, agent: d.agent, role: d.role, model: d.model });
    }
    case "agent.token": {
      const d = event.data;
      return frame("token_stream", { tokens: d.text, chunk_id: d.turn_id, agent: d.agent, token: d.text });
    }
    case "agent.turn_completed": {
      const d = event.data;
      return frame("chunk_completed", {
        chunk_id: d.turn_id,
        agent: d.agent,
        content: d.text,
        tokens: d.output_tokens,
        cost_usd: d.cost_usd,
        latency_ms: d.latency_ms,
      });
    }
    case "run.completed": {
      const { success, summary, usage, duration_ms } = event.data;
      const result = resultOf(summary, turnTexts);
      return frame("task_completed", { result, stream_id: streamId, success, summary, usage, duration_ms });
    }
    case "run.failed": {
      const { error_type, message } = event.data;
      return frame("task_error", { stream_id: streamId, error_type, message });
    }
    case "run.cancelled":
      return frame("task_error", { stream_id: streamId, error_type: "cancelled", message: "The task was cancelled" });
    default:
      return null;
  }
}
