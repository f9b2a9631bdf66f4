// The HTTP transport under @upstash/redis's `subscribe()` for the hub. It reads the Upstash SSE
// subscription as the library's own client does (each event's data handed to the Subscriber), and
// adds the one thing the hub needs that the library does not say: that an established subscription
// stream has ended. Messages published while no subscription is open are gone from pub/sub, so the
// hub must know at once, to resubscribe and fill the gap from the stream.
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import { createParser } from "eventsource-parser";

export class SubscriptionTransport implements Requester {
  constructor(
    private readonly url: string,
    private readonly token: string,
    /** Called once when a stream this transport opened ends or fails, unless it was aborted on purpose. */
    private readonly onEnd: (error: Error | null) => void,
  ) {}

  async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    const onMessage = req.onMessage;
    if (!req.isStreaming || !onMessage) throw new Error("SubscriptionTransport only carries subscriptions");
    const response = await fetch([this.url.replace(/\/$/, ""), ...(req.path ?? [])].join("/"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${this.token}`, ...req.headers },
      body: JSON.stringify(req.body ?? []),
      signal: req.signal,
      cache: "no-store",
    });
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => "");
      throw new Error(`subscribe failed: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    void this.pump(response.body, onMessage, req.signal);
    // What the library's own HTTP client answers once a subscription stream is open.
    return { result: 1 as TResult };
  }

  private async pump(body: ReadableStream<Uint8Array>, onMessage: (data: string) => void, signal?: AbortSignal) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = createParser({ onEvent: (event) => onMessage(event.data) });
    let failure: Error | null = null;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    } finally {
      reader.cancel().catch(() => {});
    }
    if (!signal?.aborted) this.onEnd(failure);
  }
}
