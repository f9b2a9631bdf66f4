import "server-only";
import type { Actor } from "@/lib/auth/actor";
// Serving a run's events over SSE: the native stream and the seed documents' two framings of it
// (lib/dialects maps the events). A run is settled before its stream opens (lib/runs/execution/settle.ts:
// overdue gates decided, a lost run picked up). Every run stream starts from the run's first event unless
// resuming, and ends after its terminal event — or when its reader's grant ends (ReaderGrant.ofRun:
// the run's session deleted, the reader gone from it, the reader's key revoked).
import { ReaderGrant, type SharedReading } from "@/lib/auth/reader-grant";
import type { Run } from "@/lib/db/generated/client";
import type { Dialect } from "@/lib/dialects/dialect";
import type { Envelope } from "@/lib/events/envelope";
import { controlChannel, runChannel } from "@/lib/events/envelope";
import { watchRun } from "@/lib/presence/run-watchers";
import { settleRun } from "@/lib/runs/execution/settle";
import { isTerminalEventType } from "@/lib/runs/schemas";
import { dialectFraming } from "./dialect-stream";
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

/**
 * Serves a run stream in one framing; its reader counts as watching the run while it is open. Read through
 * a share link, it lasts as long as the link stands.
 */
async function serveRunStream(
  request: Request,
  run: ReadRun,
  actor: Actor,
  options: ServeOptions,
  share: SharedReading | null = null,
): Promise<Response> {
  await settleRun(run);
  const unwatch = watchRun(run.id, actor.userId);
  const grant = share ? ReaderGrant.ofShareLink(share) : ReaderGrant.ofRun(run, actor);
  try {
    return await serveStream(request, grant, { ...options, onClose: unwatch }, holderOf(actor));
  } catch (error) {
    unwatch();
    throw error;
  }
}

export function runStream(request: Request, run: ReadRun, actor: Actor, share: SharedReading | null = null): Promise<Response> {
  return serveRunStream(request, run, actor, runStreamOptions(run), share);
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

/** A dialect's framing of the run stream (lib/dialects): LLMHive's orchestration events, Facilitair's task events. */
export function dialectRunStream(request: Request, run: ReadRun, actor: Actor, dialect: Dialect): Promise<Response> {
  return serveRunStream(request, run, actor, { ...runStreamOptions(run), ...dialectFraming(dialect) });
}
