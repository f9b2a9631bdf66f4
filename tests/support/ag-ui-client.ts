// Reading Parley's AG-UI out with @ag-ui/client's HttpAgent (which verifies every stream it reads): its
// `fetch` option turns the agent's POST into a GET of a run's /ag-ui stream, remembers the `id:` cursors
// the client's own parser ignores, can resume from one (Last-Event-ID), and can cut the stream mid-way.
import { HttpAgent } from "@ag-ui/client";
import type { TestServer } from "./server";

export interface Reading {
  /** The cursor of the last whole frame let through. */
  lastId: string | null;
  /** AG-UI event types let through, in order. */
  types: string[];
}

/**
 * A fetch for HttpAgent: GET `url` (resuming from `resumeFrom`), letting through whole SSE frames; with
 * `cutAfter`, the body fails right after that many frames of the type `cutAt` — a dropped connection.
 */
export function runFetch(reading: Reading, options: { resumeFrom?: string | null; cutAt?: string; cutAfter?: number } = {}) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (options.resumeFrom) headers["Last-Event-ID"] = options.resumeFrom;
    const res = await fetch(url, { method: "GET", headers, signal: init.signal });
    if (!res.body) return res;
    const source = res.body.getReader();
    let buffer = "";
    let seen = 0;
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    /** Lets one whole frame through; true when the connection is to drop right after it. */
    const pass = (frame: string, controller: ReadableStreamDefaultController<Uint8Array>): boolean => {
      const id = /^id: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      const type = data ? (JSON.parse(data) as { type: string }).type : null;
      controller.enqueue(encoder.encode(frame));
      if (id) reading.lastId = id;
      if (type) reading.types.push(type);
      return type !== null && type === options.cutAt && ++seen === options.cutAfter;
    };
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await source.read();
        if (done) return controller.close();
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const frame = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 2);
          if (pass(frame, controller)) {
            await source.cancel();
            // An AbortError, as when the client goes away: @ag-ui/client's teardown cancels the reader and
            // rethrows any other error from that cancel as an unhandled rejection.
            controller.error(new DOMException("connection dropped (test)", "AbortError"));
            return;
          }
        }
      },
      cancel: () => source.cancel(),
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };
}

export function runAgentFor(server: TestServer, runId: string, reading: Reading, options: Parameters<typeof runFetch>[1] = {}) {
  return new HttpAgent({ url: `${server.url}/api/v1/runs/${runId}/ag-ui`, threadId: runId, fetch: runFetch(reading, options) });
}
