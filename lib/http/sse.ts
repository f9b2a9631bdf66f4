// The one helper that serves every event stream as Server-Sent Events (DESIGN.md "SSE responses").

import { AppError } from "@/lib/errors";
import { type Cursor, isCursor, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { parseTypeFilter, TypeFilterError, type TypeMatcher } from "@/lib/events/filter";
import { encodeEnvelope, encodeText, formatComment, formatFrame } from "@/lib/events/sse";
import type { Hub } from "@/lib/hub/types";
import { streamMetrics } from "./stream-metrics";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

export interface StreamLimits {
  keepaliveMs: number;
  maxDurationMs: number;
  /**
   * Bytes a client may fall behind. Above this for longer than `lagGraceMs` — or ever above
   * HARD_QUEUE_FACTOR times this — it is cut off and resumes from its cursor later.
   */
  queueBytes: number;
  /** How long a burst may keep a reader above `queueBytes` before it counts as falling behind. */
  lagGraceMs: number;
}

/** A burst (a 100-event batch is up to 6.4 MiB) may overshoot the bound this much before the grace ends. */
export const HARD_QUEUE_FACTOR = 16;

/**
 * Streams with frames to send are flushed together once per turn of the event loop. When the server is
 * busy, events published meanwhile join the same chunk, so the per-chunk cost of response streams stays
 * proportional to connections, not to connections × events.
 */
const dirty = new Set<() => void>();
let flushScheduled = false;
let lastFlush = 0;
let flushIntervalMs = 0;

/** At most one flush of all streams per this many milliseconds (0: once per event-loop turn). */
export function setFlushInterval(ms: number): void {
  flushIntervalMs = ms;
}

function flushAll(): void {
  flushScheduled = false;
  lastFlush = performance.now();
  const batch = [...dirty];
  dirty.clear();
  for (const f of batch) f();
}

function scheduleFlush(flush: () => void): void {
  dirty.add(flush);
  if (flushScheduled) return;
  flushScheduled = true;
  const wait = lastFlush + flushIntervalMs - performance.now();
  if (wait > 0) setTimeout(flushAll, wait);
  else setImmediate(flushAll);
}

/** Where a stream starts when the client brings no cursor. */
export type StreamStart = "beginning" | "now";

export interface StreamRequest {
  cursor: Cursor | null;
  filter: TypeMatcher | null;
}

/** Reads the resume cursor (`Last-Event-ID` or `?last_event_id=`) and `?types=` — or throws 400. */
export function parseStreamRequest(request: Request): StreamRequest {
  const url = new URL(request.url);
  const raw = request.headers.get("last-event-id") ?? url.searchParams.get("last_event_id");
  const cursor = raw?.trim() ? raw.trim() : null;
  if (cursor !== null && !isCursor(cursor)) {
    throw new AppError("bad_request", "Last-Event-ID must be a cursor like 1763726400000-3");
  }
  try {
    return { cursor, filter: parseTypeFilter(url.searchParams.get("types")) };
  } catch (error) {
    if (error instanceof TypeFilterError) throw new AppError("bad_request", `types: ${error.message}`);
    throw error;
  }
}

export interface EventStreamOptions extends StreamRequest {
  hub: Hub;
  channel: string;
  start: StreamStart;
  limits: StreamLimits;
  /** The client went away (the request's abort signal). */
  signal: AbortSignal;
  /** An event after which the stream is complete (a run's terminal event). */
  isFinal?: (event: Envelope) => boolean;
  /** Called once when the stream ends, however it ends. */
  onClose?: () => void;
  /** Frames an event differently (compatibility endpoints); null skips it. Default: the envelope, unnamed. */
  encode?: (event: Envelope) => Uint8Array | null;
  /** What a keepalive looks like; default a `: keepalive` comment. */
  keepalive?: () => Uint8Array;
}

/**
 * Streams a hub channel: replay from the cursor, then live, with keepalives, a clean end before the
 * platform's time limit, and a cut-off for readers that fall too far behind. All of it — subscription,
 * timers, listeners — is released however the stream ends.
 */
export async function eventStream(options: EventStreamOptions): Promise<Response> {
  const { hub, channel, filter, limits, signal } = options;
  // Without a cursor: a run is watched whole; other channels from now (their history is the snapshot).
  const head = options.cursor === null && options.start === "now" ? await hub.head(channel) : null;
  const after = options.cursor ?? (options.start === "now" ? (head ?? ORIGIN) : ORIGIN);

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  const timers: ReturnType<typeof setTimeout>[] = [];
  let lagTimer: ReturnType<typeof setTimeout> | null = null;

  const clearLagTimer = () => {
    if (!lagTimer) return;
    clearTimeout(lagTimer);
    lagTimer = null;
    streamMetrics.timers--;
  };
  const release = () => {
    if (closed) return false;
    closed = true;
    unsubscribe?.();
    for (const t of timers) clearTimeout(t);
    streamMetrics.timers -= timers.length;
    clearLagTimer();
    dirty.delete(flush);
    signal.removeEventListener("abort", onAbort);
    streamMetrics.open--;
    options.onClose?.();
    return true;
  };
  // Frames wait here until the response asks for more; everything waiting then goes out as one chunk.
  // A reader that keeps up gets each event at once; one that lags (or a busy server) gets them
  // batched, so the per-chunk cost of the response stream does not grow with the backlog.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let wantsMore = false;

  const flush = () => {
    if (closed || pending.length === 0 || !wantsMore) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    wantsMore = false;
    clearLagTimer();
    controller.enqueue(chunk);
  };
  const end = () => {
    if (!release()) return;
    if (pending.length > 0) controller.enqueue(Buffer.concat(pending, pendingBytes));
    controller.close();
  };
  function onAbort() {
    release();
  }

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (closed) return;
        wantsMore = true;
        flush();
      },
      cancel() {
        release();
      },
    },
    { highWaterMark: 0 },
  );

  streamMetrics.open++;
  streamMetrics.opened_total++;
  signal.addEventListener("abort", onAbort);

  const cutOff = () => {
    // The client stopped reading: drop what is waiting and let it resume from its cursor.
    streamMetrics.cut_off_total++;
    pending = [];
    pendingBytes = 0;
    if (release()) controller.error(new DOMException("reader fell behind and was cut off", "AbortError"));
  };
  const send = (bytes: Uint8Array) => {
    if (closed) return;
    pending.push(bytes);
    pendingBytes += bytes.byteLength;
    if (wantsMore) {
      scheduleFlush(flush);
      return;
    }
    if (pendingBytes > limits.queueBytes * HARD_QUEUE_FACTOR) cutOff();
    else if (pendingBytes > limits.queueBytes && !lagTimer) {
      streamMetrics.timers++;
      lagTimer = setTimeout(() => {
        lagTimer = null;
        streamMetrics.timers--;
        if (pendingBytes > limits.queueBytes) cutOff();
      }, limits.lagGraceMs);
    }
  };

  // The `id:` of an empty frame sets the client's Last-Event-ID without dispatching an event, so a
  // reconnect continues from here even if nothing arrives before the stream ends.
  send(encodeText(formatFrame({ retry: 2000, id: options.cursor ?? after })));

  const keepalive = options.keepalive ?? (() => encodeText(formatComment("keepalive")));
  timers.push(setInterval(() => send(keepalive()), limits.keepaliveMs));
  timers.push(setTimeout(end, limits.maxDurationMs));
  streamMetrics.timers += timers.length;

  unsubscribe = hub.subscribe(channel, { after }, (event) => {
    if (closed) return;
    if (filter && event.type !== "stream.reset" && !filter(event.type)) return;
    const frame = options.encode ? options.encode(event) : encodeEnvelope(event);
    if (frame) send(frame);
    if (options.isFinal?.(event)) end();
  });
  if (closed) unsubscribe();
  if (signal.aborted) release();

  return new Response(stream, { headers: SSE_HEADERS });
}
