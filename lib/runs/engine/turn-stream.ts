// The parts of one streamed model call: token batching, the idle timeout, abort wiring, and a stream
// iteration that stops the moment the turn is aborted.

/**
 * Coalesces a model's text deltas into fewer `agent.token` events: what arrives within `flushMs` goes
 * out as one (0: every delta at once).
 */
export class TokenBatcher {
  private pending = "";
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly flushMs: number,
    private readonly send: (text: string) => void,
  ) {}

  add(text: string): void {
    this.pending += text;
    if (this.flushMs === 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    this.dispose();
    if (!this.pending) return;
    const text = this.pending;
    this.pending = "";
    this.send(text);
  }

  /** Stops the timer; what is pending stays unsent unless flushed. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Calls `onIdle` when `arm()` has not been called again within `ms`. */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  arm(): void {
    this.clear();
    this.timer = setTimeout(this.onIdle, this.ms);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Aborts `target` with the reason of whichever of `sources` aborts from now on; returns the unlinking. */
export function linkAbort(target: AbortController, sources: readonly (AbortSignal | undefined)[]): () => void {
  const links = sources
    .filter((source): source is AbortSignal => source !== undefined)
    .map((source) => {
      const forward = () => target.abort(source.reason);
      source.addEventListener("abort", forward);
      return () => source.removeEventListener("abort", forward);
    });
  return () => {
    for (const unlink of links) unlink();
  };
}

/**
 * Iterates a stream but stops the moment `signal` aborts, even if the model behind it ignores the
 * signal and never ends its stream: a turn must never hang.
 */
export async function* untilAborted<T>(iterable: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    void iterator.return?.()?.catch(() => {});
  }
}
