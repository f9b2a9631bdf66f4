import "server-only";
// Serving a run's events: the native stream and the two compatibility framings.
import type { Envelope } from "@/lib/events/envelope";
import { runChannel } from "@/lib/events/envelope";
import { serveStream } from "@/lib/http/serve-stream";
import { namedFrame, ORCHESTRATION_EVENT_NAMES, toOrchestrationEvent, toTaskEvent } from "./compat";

const TERMINAL = new Set(["run.completed", "run.failed", "run.cancelled"]);
/** A run stream is over after its terminal event. */
export const isTerminal = (e: Envelope) => TERMINAL.has(e.type);

export function runStream(request: Request, runId: string): Promise<Response> {
  // Without a cursor a run is watched whole, from its first event.
  return serveStream(request, { channel: runChannel(runId), start: "beginning", isFinal: isTerminal });
}

export function orchestrationStream(request: Request, runId: string): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const devMode = ["1", "true", "yes"].includes(params.get("dev_mode") ?? "");
  const wanted = new Set(
    (params.get("filter") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s): s is (typeof ORCHESTRATION_EVENT_NAMES)[number] =>
        (ORCHESTRATION_EVENT_NAMES as readonly string[]).includes(s),
      ),
  );
  return serveStream(request, {
    channel: runChannel(runId),
    start: "beginning",
    isFinal: isTerminal,
    encode: (e) => {
      const event = toOrchestrationEvent(e, devMode);
      if (!event || (wanted.size > 0 && !wanted.has(event.type))) return null;
      return namedFrame(e.id, "orchestration_event", event);
    },
    keepalive: () => namedFrame(undefined, "keepalive", { timestamp: new Date().toISOString() }),
  });
}

export function taskStream(request: Request, runId: string): Promise<Response> {
  return serveStream(request, {
    channel: runChannel(runId),
    start: "beginning",
    isFinal: isTerminal,
    encode: (e) => {
      const mapped = toTaskEvent(e, runId);
      return mapped ? namedFrame(e.id, mapped.event, mapped.data) : null;
    },
    keepalive: () => namedFrame(undefined, "heartbeat", { timestamp: new Date().toISOString() }),
  });
}
