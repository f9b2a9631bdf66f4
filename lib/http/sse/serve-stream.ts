import "server-only";
import type { ReaderGrant } from "@/lib/auth/reader-grant";
import { streamGrants } from "@/lib/auth/stream-grants";
import { env } from "@/lib/env";
import { getHub } from "@/lib/hub";
import { clientAddress } from "../identity/client-address";
import { type EventStreamOptions, eventStream, parseStreamRequest } from "./event-stream";
import { setFlushInterval } from "./flush-scheduler";
import { acquireStreamSlot, type StreamCaps, type StreamHolder } from "./stream-caps";

setFlushInterval(env.PARLEY_STREAM_FLUSH_MS);

export const streamCaps: StreamCaps = {
  per_key: env.PARLEY_STREAMS_PER_KEY,
  per_user: env.PARLEY_STREAMS_PER_USER,
  per_address: env.PARLEY_STREAMS_PER_ADDRESS,
  max: env.PARLEY_STREAMS_MAX,
};

export type ServeOptions = Pick<
  EventStreamOptions,
  "channel" | "start" | "isFinal" | "onClose" | "encode" | "keepalive" | "endWhen" | "preamble"
> & {
  /** Where to continue, when the route decides it rather than the request's Last-Event-ID. */
  cursor?: string | null;
};

/**
 * Serves a hub channel as SSE for a route handler, with the configured limits, for as long as `grant`
 * holds (lib/auth/reader-grant.ts: what the route authorised the reader by; it may be taken away while
 * the stream is open, and then the stream ends). A grant whose key no longer stands is 401. The stream
 * counts against its holder's caps (the request's address always, and the key or user it names) until it closes.
 */
export async function serveStream(
  request: Request,
  grant: ReaderGrant,
  options: ServeOptions,
  holder: Omit<StreamHolder, "address"> = {},
): Promise<Response> {
  const parsed = parseStreamRequest(request);
  const access = await streamGrants().admit(grant);
  let release: () => void;
  try {
    release = acquireStreamSlot({ ...holder, address: clientAddress(request.headers) }, streamCaps);
  } catch (error) {
    access.release();
    throw error;
  }
  try {
    return await eventStream({
      ...parsed,
      ...options,
      access,
      onClose: () => {
        release();
        options.onClose?.();
      },
      hub: getHub(),
      signal: request.signal,
      limits: {
        keepaliveMs: env.PARLEY_KEEPALIVE_MS,
        maxDurationMs: env.PARLEY_STREAM_MAX_MS,
        queueBytes: env.PARLEY_STREAM_QUEUE_BYTES,
        lagGraceMs: env.PARLEY_STREAM_LAG_GRACE_MS,
      },
    });
  } catch (error) {
    release();
    access.release();
    throw error;
  }
}
