import "server-only";
import type { Actor } from "@/lib/auth/actor";
// Serving a run's events over SSE: the native stream and the seed documents' two framings of it
// (lib/dialects maps the events). A run is settled before its stream opens (lib/runs/execution/settle.ts:
// overdue gates decided, a lost run picked up). Every run stream starts from the run's first event unless
// resuming, and ends after its terminal event — or when its reader's grant ends (ReaderGrant.ofRun:
// the run's session deleted, the reader gone from it, the reader's key revoked).
import { ReaderGrant } from "@/lib/auth/reader-grant";
import type { Run } from "@/lib/db/generated/client";
import { isOrchestrationEventName, toOrchestrationEvent, toTaskEvent } from "@/lib/dialects/compat";
import type { Envelope } from "@/lib/events/envelope";
import { controlChannel, runChannel } from "@/lib/events/envelope";
import { encodeText, formatFrame } from "@/lib/events/sse";
import { watchRun } from "@/lib/presence/run-watchers";
import { settleRun } from "@/lib/runs/execution/settle";
import { isTerminalEventType } from "@/lib/runs/schemas";
import { type ServeOptions, serveStream } from "./serve-stream";

/** The run being read: its id, its status and the session it belongs to, if any. */
export type ReadRun = Pick<Run, "id" | "sessionId" | "status">;

const runStreamOptions = (run: ReadRun): ServeOptions => ({
  channel: runChannel(run.id),
  start: "beginning",
  isFinal: (e: Envelope) => isTerminalEventType(e.type),
});

/** Whose stream caps a run stream counts against. */
export const holderOf = (actor: Actor) => (actor.userId ? { userId: actor.userId } : { keyId: actor.id });

/** Serves a run stream in one framing; its reader counts as watching the run while it is open. */
async function serveRunStream(request: Request, run: ReadRun, actor: Actor, options: ServeOptions): Promise<Response> {
  await settleRun(run);
  const unwatch = watchRun(run.id, actor.userId);
  try {
    return await serveStream(request, ReaderGrant.ofRun(run, actor), { ...options, onClose: unwatch }, holderOf(actor));
  } catch (error) {
    unwatch();
    throw error;
  }
}

export function runStream(request: Request, run: ReadRun, actor: Actor): Promise<Response> {
  return serveRunStream(request, run, actor, runStreamOptions(run));
}

/**
 * An external run's controls for its producer: every control since the run began (or since its cursor),
 * then live; the stream ends when the run does.
 */
export function controlStream(request: Request, run: ReadRun, actor: Actor): Promise<Response> {
  const options: ServeOptions = {
    channel: controlChannel(run.id),
    start: "beginning",
    endWhen: { channel: runChannel(run.id), isFinal: (e: Envelope) => isTerminalEventType(e.type) },
  };
  return serveStream(request, ReaderGrant.ofProducer(actor), options, holderOf(actor));
}

/** LLMHive's framing: `event: orchestration_event`; `?dev_mode` adds detail, `?filter=` picks types. */
export function orchestrationStream(request: Request, run: ReadRun, actor: Actor): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const devMode = ["1", "true", "yes"].includes(params.get("dev_mode") ?? "");
  const wanted = new Set(
    (params.get("filter") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(isOrchestrationEventName),
  );
  const options: ServeOptions = {
    ...runStreamOptions(run),
    encode: (e) => {
      const event = toOrchestrationEvent(e, devMode);
      if (!event || (wanted.size > 0 && !wanted.has(event.type))) return null;
      return namedFrame(e.id, "orchestration_event", event);
    },
    keepalive: () => namedFrame(undefined, "keepalive", { timestamp: new Date().toISOString() }),
  };
  return serveRunStream(request, run, actor, options);
}

/** Facilitair's framing: named task events and `heartbeat`. */
export function taskStream(request: Request, run: ReadRun, actor: Actor): Promise<Response> {
  const options: ServeOptions = {
    ...runStreamOptions(run),
    encode: (e) => {
      const mapped = toTaskEvent(e, run.id);
      return mapped ? namedFrame(e.id, mapped.event, mapped.data) : null;
    },
    keepalive: () => namedFrame(undefined, "heartbeat", { timestamp: new Date().toISOString() }),
  };
  return serveRunStream(request, run, actor, options);
}

function namedFrame(id: string | undefined, event: string, data: unknown): Uint8Array {
  return encodeText(formatFrame({ id, event, data: JSON.stringify(data) }));
}
