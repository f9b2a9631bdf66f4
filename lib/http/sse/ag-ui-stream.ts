import "server-only";
// Serving a run as an AG-UI event stream (GET /api/v1/runs/{id}/ag-ui, POST /api/v1/ag-ui) with what the
// protocol lacks: every frame carries `id:` (the cursor of the run event it came from), and a client that
// comes back with Last-Event-ID gets the run as it stood there — RUN_STARTED, MESSAGES_SNAPSHOT, the state,
// its open steps, messages and reasoning re-opened — then the rest, so @ag-ui/client's verifier accepts it.
import type { AGUIEvent } from "@ag-ui/core";
import type { Actor } from "@/lib/auth/actor";
import { ReaderGrant } from "@/lib/auth/reader-grant";
import type { Run } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { type Cursor, compareCursors, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { runChannel } from "@/lib/events/envelope";
import { encodeText, formatFrame } from "@/lib/events/sse";
import { parseStreamRequest, SSE_HEADERS } from "@/lib/http/sse/event-stream";
import { holderOf } from "@/lib/http/sse/run-stream";
import { serveStream } from "@/lib/http/sse/serve-stream";
import { getHub } from "@/lib/hub";
import { AgUiEncoder, type EncoderOptions } from "@/lib/ingest/ag-ui/outbound";
import { restoreFromSnapshot } from "@/lib/ingest/ag-ui/outbound-snapshot";
import { settleRun } from "@/lib/runs/execution/settle";
import { getRunSnapshot } from "@/lib/runs/queries";
import { isTerminalEventType } from "@/lib/runs/schemas";

/** AG-UI events as SSE frames; the last carries the run event's cursor (an empty frame when there is none). */
export function agUiFrames(events: AGUIEvent[], id?: string): Uint8Array {
  const frames = events.map((event, i) =>
    formatFrame({ data: JSON.stringify(event), ...(i === events.length - 1 && id !== undefined && { id }) }),
  );
  if (frames.length === 0 && id !== undefined) frames.push(formatFrame({ id }));
  return encodeText(frames.join(""));
}

/** Where the encoder starts, and what the client is sent before the live events. */
async function position(
  run: Run,
  actor: Actor,
  encoder: AgUiEncoder,
  cursor: Cursor | null,
): Promise<{ after: Cursor; preamble: AGUIEvent[] }> {
  const history = await getHub().read(runChannel(run.id), { limit: env.PARLEY_HUB_HISTORY });
  const whole = history[0]?.type === "run.created";
  if (whole && cursor === null) return { after: ORIGIN, preamble: [] };
  if (whole && cursor !== null) {
    for (const e of history) {
      if (compareCursors(e.id, cursor) > 0) break;
      encoder.encode(e);
    }
    return { after: cursor, preamble: encoder.resume() };
  }
  // The run's events have left the hub (or never reached this one): it stands as the database has it.
  const snapshot = await getRunSnapshot(run.id, actor);
  restoreFromSnapshot(encoder, snapshot);
  return { after: snapshot.last_event_id ?? ORIGIN, preamble: encoder.resume() };
}

export async function agUiRunStream(
  request: Request,
  run: Run,
  actor: Actor,
  ids: Partial<EncoderOptions> = {},
): Promise<Response> {
  const { cursor } = parseStreamRequest(request);
  await settleRun(run);
  const encoder = new AgUiEncoder({
    threadId: ids.threadId ?? run.id,
    runId: ids.runId ?? run.id,
    task: "task" in ids ? ids.task : { id: `${run.id}_task`, content: run.task },
  });
  const { after, preamble } = await position(run, actor, encoder, cursor);
  if (encoder.end) {
    // Nothing follows the end: the client gets the run as it ended, and the stream closes.
    const body: BodyInit = Buffer.from(agUiFrames(preamble, after === ORIGIN ? undefined : after));
    return new Response(body, { headers: SSE_HEADERS });
  }
  // Under the same grant as every run stream: it ends when the reader may no longer read the run.
  return serveStream(
    request,
    ReaderGrant.ofRun(run, actor),
    {
      channel: runChannel(run.id),
      start: "beginning",
      cursor: after,
      preamble: preamble.length ? agUiFrames(preamble) : undefined,
      encode: (e: Envelope) => agUiFrames(encoder.encode(e), e.id),
      isFinal: (e: Envelope) => isTerminalEventType(e.type) || e.type === "stream.reset",
    },
    holderOf(actor),
  );
}
