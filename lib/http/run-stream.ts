import "server-only";
// Serving a run's events over SSE: the native stream and the seed documents' two framings of it
// (lib/runs/compat.ts maps the events). Every run stream starts from the run's first event unless
// resuming, and ends after its terminal event.
import type { Envelope } from "@/lib/events/envelope";
import { runChannel } from "@/lib/events/envelope";
import { encodeText, formatFrame } from "@/lib/events/sse";
import { isOrchestrationEventName, toOrchestrationEvent, toTaskEvent } from "@/lib/runs/compat";
import { isTerminalEventType } from "@/lib/runs/schemas";
import { serveStream } from "./serve-stream";

const runStreamOptions = (runId: string): Parameters<typeof serveStream>[1] => ({
  channel: runChannel(runId),
  start: "beginning",
  isFinal: (e: Envelope) => isTerminalEventType(e.type),
});

export function runStream(request: Request, runId: string): Promise<Response> {
  return serveStream(request, runStreamOptions(runId));
}

/** LLMHive's framing: `event: orchestration_event`; `?dev_mode` adds detail, `?filter=` picks types. */
export function orchestrationStream(request: Request, runId: string): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const devMode = ["1", "true", "yes"].includes(params.get("dev_mode") ?? "");
  const wanted = new Set(
    (params.get("filter") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(isOrchestrationEventName),
  );
  return serveStream(request, {
    ...runStreamOptions(runId),
    encode: (e) => {
      const event = toOrchestrationEvent(e, devMode);
      if (!event || (wanted.size > 0 && !wanted.has(event.type))) return null;
      return namedFrame(e.id, "orchestration_event", event);
    },
    keepalive: () => namedFrame(undefined, "keepalive", { timestamp: new Date().toISOString() }),
  });
}

/** Facilitair's framing: named task events and `heartbeat`. */
export function taskStream(request: Request, runId: string): Promise<Response> {
  return serveStream(request, {
    ...runStreamOptions(runId),
    encode: (e) => {
      const mapped = toTaskEvent(e, runId);
      return mapped ? namedFrame(e.id, mapped.event, mapped.data) : null;
    },
    keepalive: () => namedFrame(undefined, "heartbeat", { timestamp: new Date().toISOString() }),
  });
}

function namedFrame(id: string | undefined, event: string, data: unknown): Uint8Array {
  return encodeText(formatFrame({ id, event, data: JSON.stringify(data) }));
}
