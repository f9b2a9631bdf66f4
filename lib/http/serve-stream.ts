import "server-only";
import { env } from "@/lib/env";
import { getHub } from "@/lib/hub";
import { setFlushInterval } from "./flush-scheduler";
import { type EventStreamOptions, eventStream, parseStreamRequest } from "./sse";

setFlushInterval(env.PARLEY_STREAM_FLUSH_MS);

/** Serves a hub channel as SSE for a route handler, with the configured limits. */
export function serveStream(
  request: Request,
  options: Pick<EventStreamOptions, "channel" | "start" | "isFinal" | "onClose" | "encode" | "keepalive">,
): Promise<Response> {
  return eventStream({
    ...parseStreamRequest(request),
    ...options,
    hub: getHub(),
    signal: request.signal,
    limits: {
      keepaliveMs: env.PARLEY_KEEPALIVE_MS,
      maxDurationMs: env.PARLEY_STREAM_MAX_MS,
      queueBytes: env.PARLEY_STREAM_QUEUE_BYTES,
      lagGraceMs: env.PARLEY_STREAM_LAG_GRACE_MS,
    },
  });
}
