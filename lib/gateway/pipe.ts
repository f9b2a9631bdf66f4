// The caller's stream: the upstream's bytes, passed through at the caller's pace (nothing is read from the
// upstream before the caller asks for it), each chunk handed on *before* the tap looks at it. The tap
// parses a copy of the SSE messages to learn the text, usage and end — and only queues work. How the
// stream ends is told once: completed, failed mid-stream (the caller gets the provider's error event),
// or cancelled by the caller (the upstream request is cancelled too) — or ended by the key's budget, which
// looks at the stream after each upstream chunk.
import { createParser, type EventSourceParser } from "eventsource-parser";
import type { GatewayFailure } from "./errors";
import type { AnswerSummary, StreamObserver } from "./providers/types";

export type StreamEnd =
  | { kind: "completed"; summary: AnswerSummary }
  | { kind: "failed"; status: number; message: string; summary: AnswerSummary; budgetExceeded?: boolean }
  | { kind: "cancelled"; summary: AnswerSummary };

export interface PipeOptions {
  observer: StreamObserver;
  /** Rewrites a message's data for the caller (null drops it); absent, bytes pass through untouched. */
  rewrite: ((data: string) => string | null) | null;
  /** The provider's error event, sent to the caller when the upstream fails mid-stream. */
  errorFrame(failure: GatewayFailure): string;
  /** The upstream sending nothing for this long fails the call. */
  idleTimeoutMs: number;
  /** After each upstream chunk: a failure ends the stream there (the key's budget ran out); null goes on. */
  check: (() => GatewayFailure | null | Promise<GatewayFailure | null>) | null;
  /** The caller went away (the request's signal). */
  signal: AbortSignal;
  onFirstByte(): void;
  onText(text: string): void;
  onEnd(end: StreamEnd): void;
}

const encoder = new TextEncoder();

class IdleTimeout extends Error {}

export class TappedStream {
  readonly readable: ReadableStream<Uint8Array>;
  private readonly parser: EventSourceParser;
  private readonly decoder = new TextDecoder();
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private first = true;
  private ended = false;
  /** Chunks handed to the caller so far. */
  private sent = 0;
  private streamError: { status: number; message: string } | null = null;

  constructor(
    private readonly upstream: ReadableStreamDefaultReader<Uint8Array>,
    private readonly o: PipeOptions,
  ) {
    this.parser = createParser({ onEvent: (m) => this.onMessage(m.event, m.data) });
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.controller = c;
        },
        pull: () => this.pull(),
        cancel: () => this.cancel(),
      },
      { highWaterMark: 0 },
    );
    o.signal.addEventListener("abort", this.onAbort, { once: true });
  }

  private readonly onAbort = () => {
    void this.cancel();
  };

  /**
   * Reads until the caller has something (a pull that enqueues nothing is not called again), or the
   * stream ended: in rewrite mode an upstream chunk may hold no whole message yet.
   */
  private async pull(): Promise<void> {
    const before = this.sent;
    while (!this.ended && this.sent === before) await this.step();
  }

  private async step(): Promise<void> {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await this.read();
    } catch (error) {
      if (this.ended) return;
      const timedOut = error instanceof IdleTimeout;
      const status = timedOut ? 504 : 502;
      const message = timedOut
        ? `The upstream sent nothing for ${Math.round(this.o.idleTimeoutMs / 1000)} s`
        : "The upstream connection was lost mid-stream";
      void this.upstream.cancel().catch(() => {});
      return this.failWithFrame({ status, code: timedOut ? "upstream_timeout" : "upstream_failed", message });
    }
    if (this.ended) return;
    if (next.done) return this.finish();
    if (this.first) {
      this.first = false;
      this.o.onFirstByte();
    }
    // The caller's bytes first; what the tap makes of them comes after.
    if (!this.o.rewrite) this.send(next.value);
    this.parser.feed(this.decoder.decode(next.value, { stream: true }));
    const verdict = this.o.check?.() ?? null;
    const failure = verdict instanceof Promise ? await verdict : verdict;
    if (failure && !this.ended) {
      void this.upstream.cancel().catch(() => {});
      this.failWithFrame(failure);
    }
  }

  /** The next upstream chunk, or IdleTimeout when the upstream stays silent too long. */
  private read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new IdleTimeout()), this.o.idleTimeoutMs);
      this.upstream.read().then(
        (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private onMessage(event: string | undefined, data: string): void {
    const seen = this.o.observer.onMessage(event, data);
    if (this.o.rewrite) {
      const out = this.o.rewrite(data);
      if (out !== null) this.send(encoder.encode(`${event ? `event: ${event}\n` : ""}data: ${out}\n\n`));
    }
    if (seen.text) this.o.onText(seen.text);
    if (seen.error) this.streamError ??= seen.error;
  }

  private finish(): void {
    const summary = this.o.observer.summary();
    if (this.streamError) this.end({ kind: "failed", ...this.streamError, summary }, true);
    else if (this.o.observer.complete()) this.end({ kind: "completed", summary }, true);
    else
      this.failWithFrame({ status: 502, code: "upstream_failed", message: "The upstream stream ended before it was complete" });
  }

  /** The caller gets the provider's error event (its SDK raises it), then the end of the stream. */
  private failWithFrame(failure: GatewayFailure): void {
    if (this.ended) return;
    this.send(encoder.encode(this.o.errorFrame(failure)));
    const summary = this.o.observer.summary();
    const budgetExceeded = failure.code === "budget_exceeded";
    this.end({ kind: "failed", status: failure.status, message: failure.message, summary, budgetExceeded }, true);
  }

  private send(bytes: Uint8Array): void {
    this.sent++;
    this.controller.enqueue(bytes);
  }

  private async cancel(): Promise<void> {
    if (this.ended) return;
    this.end({ kind: "cancelled", summary: this.o.observer.summary() }, false);
    await this.upstream.cancel().catch(() => {});
  }

  private end(end: StreamEnd, close: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.o.signal.removeEventListener("abort", this.onAbort);
    if (close) {
      try {
        this.controller.close();
      } catch {
        // already cancelled by the caller
      }
    }
    this.o.onEnd(end);
  }
}
