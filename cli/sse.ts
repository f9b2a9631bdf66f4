// Following a Parley stream over fetch + eventsource-parser, the way EventSource would but with control:
// resume from the last id on the wire (Last-Event-ID) after any drop, back off while the server is away,
// notice a silent dead connection, and stop for good on answers that retrying cannot fix.
import { createParser } from "eventsource-parser";
import { type Backoff, backoffMs } from "@/lib/backoff";
import { messageOf } from "@/lib/errors";
import { type Envelope, envelopeSchema } from "@/lib/events/envelope";
import { authHeaders, type Connection, RETRYABLE_STATUSES, refusal, unreachable } from "./api";
import { CliError, EXIT } from "./errors";
import { printableStrings } from "./ui/text";

export type ConnectionStatus = "connecting" | "live" | "reconnecting";

export interface FollowOptions {
  connection: Connection;
  /** Path and query of the stream, e.g. `/api/v1/runs/run_…/events`. */
  path: string;
  /** What is being followed, for messages ("run run_…"). */
  what: string;
  /** Resume after this cursor; null starts where the stream starts without one. */
  cursor: string | null;
  signal: AbortSignal;
  onEvent(event: Envelope): void;
  onStatus(status: ConnectionStatus, detail?: string): void;
  /** Give up (exit 3) after the server has been unreachable this long. */
  maxOfflineMs?: number;
  /** Nothing at all — no event, no keepalive — for this long means the connection is dead. */
  idleTimeoutMs?: number;
}

/** The wait before the next try while the server is away: 0.5 s, doubling, at most 5 s. */
export const RECONNECT_BACKOFF: Backoff = { baseMs: 500, maxMs: 5000 };

/**
 * Tracks the SSE "last event ID" as EventSource does: set by every frame with an `id:` field when the
 * frame ends, even a frame without data (which eventsource-parser does not report). Parley's first frame
 * is such an id-only frame: the cursor to resume from if the stream drops before any event.
 */
export class LastEventIdTracker {
  private partial = "";
  private frameId: string | undefined;
  constructor(public lastEventId: string | null) {}

  feed(text: string): void {
    const lines = (this.partial + text).split(/\r\n|\r|\n/);
    this.partial = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") {
        if (this.frameId !== undefined) this.lastEventId = this.frameId;
        this.frameId = undefined;
      } else if (line.startsWith("id:")) {
        const value = line.slice(line.startsWith("id: ") ? 4 : 3);
        if (!value.includes("\0")) this.frameId = value;
      }
    }
  }
}

/** What the caller's own onEvent or onStatus threw: a bug to surface, never a reason to reconnect. */
class CallbackFailed extends Error {
  constructor(readonly error: unknown) {
    super("a callback of follow() failed", { cause: error });
  }
}

function guarded<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      callback(...args);
    } catch (error) {
      throw new CallbackFailed(error);
    }
  };
}

/** Reads one connection to its end. Resolves when the server closed it (or we stopped), throws on errors. */
async function readOnce(o: FollowOptions, ids: LastEventIdTracker, onOpen: () => void): Promise<void> {
  const abort = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  // Once the body is being read, cancel the reader rather than abort the fetch: on Node 20, aborting
  // then can leave a pending read() unsettled for ever.
  const stop = () => (reader ? void reader.cancel().catch(() => {}) : abort.abort());
  o.signal.addEventListener("abort", stop, { once: true });
  let idle: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(stop, o.idleTimeoutMs ?? 45_000);
  };
  try {
    touch();
    const response = await fetch(`${o.connection.server}${o.path}`, {
      headers: {
        Accept: "text/event-stream",
        ...authHeaders(o.connection),
        ...(ids.lastEventId && { "Last-Event-ID": ids.lastEventId }),
      },
      signal: abort.signal,
    });
    if (!response.ok) {
      if (RETRYABLE_STATUSES.has(response.status)) throw new Error(`the server answered ${response.status}`);
      throw await refusal(o.connection, response, o.what);
    }
    if (!response.body || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
      throw new CliError(EXIT.unreachable, `${o.connection.server} did not answer an event stream for ${o.what}.`);
    }
    onOpen();
    const parser = createParser({
      onEvent(message) {
        if (message.event) return; // Parley's events are unnamed; anything else is not an envelope
        let parsed: ReturnType<typeof envelopeSchema.safeParse>;
        try {
          parsed = envelopeSchema.safeParse(JSON.parse(message.data, printableStrings));
        } catch {
          return;
        }
        if (parsed.success) o.onEvent(parsed.data);
      },
    });
    const decoder = new TextDecoder();
    reader = response.body.getReader();
    if (o.signal.aborted) stop();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      touch();
      const text = decoder.decode(value, { stream: true });
      parser.feed(text);
      ids.feed(text);
    }
  } catch (error) {
    // A callback that threw leaves the body unread: close the connection rather than leave it open.
    if (error instanceof CallbackFailed) stop();
    throw error;
  } finally {
    clearTimeout(idle);
    o.signal.removeEventListener("abort", stop);
  }
}

/**
 * Follows a stream until `signal` aborts: reconnects by itself with the last id, so the caller sees every
 * event (the caller still drops replays by cursor). Rejects with a CliError when the server refuses the
 * stream, or was unreachable for `maxOfflineMs`. The very first connection fails fast when `failFast`.
 */
export async function follow(o: FollowOptions & { failFast?: boolean }): Promise<void> {
  try {
    await followGuarded({ ...o, onEvent: guarded(o.onEvent), onStatus: guarded(o.onStatus) });
  } catch (error) {
    throw error instanceof CallbackFailed ? error.error : error;
  }
}

async function followGuarded(o: FollowOptions & { failFast?: boolean }): Promise<void> {
  const ids = new LastEventIdTracker(o.cursor);
  let failures = 0;
  let offlineSince: number | null = null;
  let everOpened = false;
  o.onStatus("connecting");
  while (!o.signal.aborted) {
    let opened = false;
    try {
      await readOnce(o, ids, () => {
        opened = true;
        everOpened = true;
        failures = 0;
        offlineSince = null;
        o.onStatus("live");
      });
      if (o.signal.aborted) return;
      // The server ended the stream (its time limit, a cut-off, a shutdown): resume at once.
      o.onStatus("reconnecting");
      await delay(100, o.signal);
    } catch (error) {
      if (error instanceof CallbackFailed) throw error;
      if (o.signal.aborted) return;
      if (error instanceof CliError) throw error;
      if (!everOpened && o.failFast) throw unreachable(o.connection, error);
      const now = Date.now();
      offlineSince ??= now;
      if (now - offlineSince > (o.maxOfflineMs ?? 300_000)) {
        throw new CliError(
          EXIT.unreachable,
          `Lost the connection to ${o.connection.server} for ${Math.round((now - offlineSince) / 1000)} s while following ${o.what}. Is the server running?`,
        );
      }
      failures = opened ? 1 : failures + 1;
      o.onStatus("reconnecting", messageOf(error));
      await delay(backoffMs(failures, RECONNECT_BACKOFF), o.signal);
    }
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
