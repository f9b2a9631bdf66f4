"use client";
// One page's EventSource for a stream, kept alive: it resumes after the last event the page applied,
// reconnects with backoff when the browser gives up, and asks for a fresh URL when the old one is
// refused (an expired read token). What happens goes to the stream reducer as StreamActions.
import { type Backoff, backoffMs } from "@/lib/backoff";
import { type Envelope, envelopeSchema } from "@/lib/events/envelope";
import type { StreamAction } from "@/lib/events/stream-state";

/** The wait before reconnecting after the browser gave up on a stream: 1 s, doubling, at most 30 s. */
export const STREAM_RETRY_BACKOFF: Backoff = { baseMs: 1000, maxMs: 30_000 };

export interface StreamConnectionOptions {
  dispatch: (action: StreamAction) => void;
  /** The cursor of the last event the page applied, read at each (re)connect. */
  lastEventId: () => string | null;
  /** A fresh URL once the server refused the stream for good, or null to stay closed; none: reconnect as is. */
  refreshUrl: () => (() => Promise<string | null>) | undefined;
}

function withCursor(url: string, cursor: string | null): string {
  if (!cursor) return url;
  const u = new URL(url, window.location.href);
  u.searchParams.set("last_event_id", cursor);
  return u.toString();
}

export type ReadEnvelope = { ok: true; event: Envelope } | { ok: false; problem: string };

/** An SSE message's data as an envelope, or why it is not one. */
export function readEnvelope(data: string): ReadEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, problem: "not JSON" };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join(".") || "event"}: ${i.message}`).join("; ") };
}

export class StreamConnection {
  private source: EventSource | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private failures = 0;

  constructor(
    private url: string,
    private readonly options: StreamConnectionOptions,
  ) {}

  connect(): void {
    if (this.disposed) return;
    this.options.dispatch({ type: "connect" });
    // Resume after the last event this page applied; the browser's own reconnects send Last-Event-ID.
    const source = new EventSource(withCursor(this.url, this.options.lastEventId()));
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.options.dispatch({ type: "open" });
    };
    source.onmessage = (message: MessageEvent<string>) => this.received(message.data);
    source.onerror = () => this.dropped(source);
  }

  dispose(): void {
    this.disposed = true;
    if (this.retry) clearTimeout(this.retry);
    this.source?.close();
  }

  private received(data: string): void {
    const read = readEnvelope(data);
    if (read.ok) {
      this.options.dispatch({ type: "event", event: read.event, at: Date.now() });
      return;
    }
    // Parley sends only envelopes here: one that cannot be read is a page older (or newer) than its server,
    // or a bug. The page counts it (and says so); the console keeps the detail.
    console.error(`Parley: a stream event could not be read (${read.problem})`, data.slice(0, 1000));
    this.options.dispatch({ type: "unreadable", problem: read.problem });
  }

  private dropped(source: EventSource): void {
    if (this.disposed) return;
    this.options.dispatch({ type: "drop" });
    if (source.readyState !== EventSource.CLOSED) return; // the browser is reconnecting by itself
    source.close();
    this.failures++;
    this.retry = setTimeout(() => void this.reconnect(), backoffMs(this.failures, STREAM_RETRY_BACKOFF));
  }

  private async reconnect(): Promise<void> {
    const refresh = this.options.refreshUrl();
    if (refresh) {
      const next = await refresh().catch(() => null);
      if (this.disposed) return;
      if (!next) {
        this.options.dispatch({ type: "closed", error: "The stream refused the connection" });
        return;
      }
      this.url = next;
    }
    this.connect();
  }
}
