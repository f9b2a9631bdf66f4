// The one helper that serves every event stream as Server-Sent Events (DESIGN.md "SSE responses").

import { AppError } from "@/lib/errors";
import { type Cursor, isCursor, ORIGIN } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { parseTypeFilter, TypeFilterError, type TypeMatcher } from "@/lib/events/filter";
import { encodeEnvelope, encodeText, formatComment, formatFrame } from "@/lib/events/sse";
import type { Hub, Unsubscribe } from "@/lib/hub/types";
import { DeliveryMeter } from "@/lib/telemetry/delivery-meter";
import { streamKindOf } from "@/lib/telemetry/stream-kind";
import { type Flushable, flushes } from "./flush-scheduler";
import { OutboundQueue, type QueueLimits } from "./outbound-queue";
import { streamMetrics } from "./stream-metrics";
import { StreamTimers } from "./stream-timers";

export { setFlushInterval } from "./flush-scheduler";
export { HARD_QUEUE_FACTOR } from "./outbound-queue";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

export interface StreamLimits extends QueueLimits {
  keepaliveMs: number;
  maxDurationMs: number;
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

/** Whether the reader may go on reading (lib/auth/stream-grants.ts): the stream ends when it may not. */
export interface StreamAccess {
  /** Calls `onRevoked` once the reader may no longer read; the returned function stops watching. */
  watch(onRevoked: () => void): Unsubscribe;
}

export interface EventStreamOptions extends StreamRequest {
  hub: Hub;
  /** What lets the reader read: required, so no stream can forget that it may be taken away. */
  access: StreamAccess;
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
  /** Sent right after the opening frame, before any event (AG-UI's resume: the run as it stands). */
  preamble?: Uint8Array;
  /**
   * Another channel whose live events complete this stream (an external run's controls end with the run).
   * Not for who may read: that is `access`.
   */
  endWhen?: { channel: string; isFinal: (event: Envelope) => boolean };
}

/**
 * Streams a hub channel: replay from the cursor, then live, with keepalives, a clean end before the
 * platform's time limit, and a cut-off for readers that fall too far behind. All of it — subscription,
 * timers, listeners — is released however the stream ends.
 */
export async function eventStream(options: EventStreamOptions): Promise<Response> {
  // Without a cursor: a run is watched whole; other channels from now (their history is the snapshot).
  const head = options.cursor === null && options.start === "now" ? await options.hub.head(options.channel) : null;
  const stream = new HubEventStream(options);
  try {
    stream.start(options.cursor ?? head ?? ORIGIN);
  } catch (error) {
    // Whatever set-up took (timers, listener, the open count, a subscription) is given back.
    stream.abandon();
    throw error;
  }
  return new Response(stream.body, { headers: SSE_HEADERS });
}

const keepaliveComment = () => encodeText(formatComment("keepalive"));

/** One response streaming a hub subscription; everything it holds is let go of in `release`. */
class HubEventStream implements Flushable {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private closed = false;
  /** The response asked for more: what is sent next goes out with the next flush, not held back. */
  private wantsMore = false;
  private unsubscribe: Unsubscribe | null = null;
  private unwatch: Unsubscribe | null = null;
  private unwatchAccess: Unsubscribe | null = null;
  private readonly timers = new StreamTimers();
  private readonly queue: OutboundQueue;
  private readonly meter: DeliveryMeter;
  private readonly onAbort = () => {
    this.release();
  };

  constructor(private readonly options: EventStreamOptions) {
    this.queue = new OutboundQueue(options.limits, this.timers, () => this.cutOff());
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => {
          if (this.closed) return;
          this.wantsMore = true;
          this.flush();
        },
        cancel: () => {
          this.release();
        },
      },
      { highWaterMark: 0 },
    );
    this.meter = new DeliveryMeter(streamKindOf(options.channel, options.encode !== undefined));
    streamMetrics.open++;
    streamMetrics.opened_total++;
    options.signal.addEventListener("abort", this.onAbort);
  }

  /** Sends the opening frame, starts the keepalive and the time limit, and subscribes after `after`. */
  start(after: Cursor): void {
    const { limits, signal } = this.options;
    // The `id:` of an empty frame sets the client's Last-Event-ID without dispatching an event, so a
    // reconnect continues from here even if nothing arrives before the stream ends.
    this.send(encodeText(formatFrame({ retry: 2000, id: this.options.cursor ?? after })));
    if (this.options.preamble) this.send(this.options.preamble);
    const keepalive = this.options.keepalive ?? keepaliveComment;
    this.timers.every(limits.keepaliveMs, () => this.send(keepalive()));
    this.timers.after(limits.maxDurationMs, () => this.end());
    // Watched before the subscription: access lost during the replay ends the stream too. What waits is
    // sent (it was published while the reader could read); a reconnect is refused.
    this.unwatchAccess = this.options.access.watch(() => this.end());
    this.subscribe(after);
    this.watch();
    // An abort before the listener was added never fires it.
    if (signal.aborted) this.release();
  }

  /** Set-up failed: releases everything and ends the body with the error. */
  abandon(): void {
    if (this.release()) this.controller.error(new Error("stream set-up failed"));
  }

  /** Sends what the response is waiting for, all of it as one chunk. */
  flush(): void {
    if (this.closed || !this.wantsMore) return;
    const chunk = this.queue.drain();
    if (!chunk) return;
    this.wantsMore = false;
    this.controller.enqueue(chunk);
    this.meter.written();
  }

  private subscribe(after: Cursor): void {
    const { hub, channel, filter, encode, isFinal } = this.options;
    const unsubscribe = hub.subscribe(channel, { after }, (event) => {
      if (this.closed) return;
      if (filter && event.type !== "stream.reset" && !filter(event.type)) return;
      const frame = encode ? encode(event) : encodeEnvelope(event);
      if (frame) {
        this.meter.queued(event);
        this.send(frame);
      }
      if (isFinal?.(event)) this.end();
    });
    // A final event in the replay ended the stream before the hub handed back its unsubscribe.
    if (this.closed) unsubscribe();
    else this.unsubscribe = unsubscribe;
  }

  /** Live events of `endWhen`'s channel only: what happened there before the stream opened was checked by its caller. */
  private watch(): void {
    const { hub, endWhen } = this.options;
    if (!endWhen || this.closed) return;
    this.unwatch = hub.subscribe(endWhen.channel, {}, (event) => {
      if (endWhen.isFinal(event)) this.end();
    });
    if (this.closed) this.unwatch();
  }

  /**
   * When the client is reading: out at once while the server keeps up, else with the next flush of all
   * streams (flush-scheduler.ts). Otherwise it waits, within the queue's bound.
   */
  private send(frame: Uint8Array): void {
    if (this.closed) return;
    this.queue.push(frame);
    if (!this.wantsMore) this.queue.checkLag();
    else if (flushes.writeNow()) this.flush();
    else flushes.schedule(this);
  }

  /** A clean end: what waits goes out first; the client reconnects with its cursor and loses nothing. */
  private end(): void {
    if (!this.release()) return;
    const rest = this.queue.drain();
    if (rest) this.controller.enqueue(rest);
    this.meter.written();
    this.controller.close();
  }

  /** The client stopped reading: what waits is dropped and it resumes from its cursor later. */
  private cutOff(): void {
    streamMetrics.cut_off_total++;
    this.meter.cutOff();
    this.queue.discard();
    if (this.release()) this.controller.error(new DOMException("reader fell behind and was cut off", "AbortError"));
  }

  /** Lets go of the subscription, timers, flush and abort listener — once; false if that was done already. */
  private release(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.unsubscribe?.();
    this.unwatch?.();
    this.unwatchAccess?.();
    this.timers.clear();
    flushes.cancel(this);
    this.options.signal.removeEventListener("abort", this.onAbort);
    streamMetrics.open--;
    this.meter.closed();
    this.options.onClose?.();
    return true;
  }
}
