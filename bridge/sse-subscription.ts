// POST /subscribe/<channel>: one SSE client of a channel, in the shape @upstash/redis reads —
// `data: subscribe,<channel>,1` once Redis has confirmed, then `data: message,<channel>,<payload>`.
import type http from "node:http";
import { sendJson, sseData } from "./http";
import type { PubSubListener, SharedSubscriber } from "./subscriber";

export interface SubscriptionOptions {
  subscriber: SharedSubscriber;
  /** SSE comment interval (keeps proxies from closing quiet subscriptions). */
  keepaliveMs: number;
  /** A client that falls this far behind is disconnected (it resubscribes and catches up). */
  maxBacklogBytes: number;
  /** Called once when the subscription has ended, however it ended. */
  onEnd: (subscription: SseSubscription) => void;
}

export class SseSubscription {
  private started = false;
  private done = false;
  /** Messages that arrived before the confirmation was written. */
  private readonly early: string[] = [];
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private readonly listener: PubSubListener = {
    message: (payload) => this.write(sseData(`message,${this.channel},${payload.toString("utf8")}`)),
    closed: () => this.finish(),
  };

  constructor(
    private readonly res: http.ServerResponse,
    private readonly channel: string,
    private readonly options: SubscriptionOptions,
  ) {
    res.on("close", () => this.finish());
  }

  /** Subscribes, then opens the stream; answers 500 if Redis refuses or the connection fails first. */
  async start(): Promise<void> {
    try {
      await this.options.subscriber.add(this.channel, this.listener);
    } catch (error) {
      console.error("redis-bridge: subscribe failed", error);
      this.finish();
      return;
    }
    if (this.done) return;
    this.res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    this.started = true;
    this.res.write(sseData(`subscribe,${this.channel},1`));
    for (const text of this.early.splice(0)) this.write(text);
    this.keepalive = setInterval(() => this.write(": keepalive\n\n"), this.options.keepaliveMs);
  }

  /** Ends the stream (or answers 500 if it never started); safe to call more than once. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.keepalive) clearInterval(this.keepalive);
    this.options.subscriber.remove(this.channel, this.listener);
    this.options.onEnd(this);
    if (this.started) this.res.end();
    else if (!this.res.headersSent && !this.res.destroyed)
      sendJson(this.res, 500, { error: "ERR the Redis subscription failed" });
  }

  private write(text: string): void {
    if (this.done) return;
    if (!this.started) {
      this.early.push(text);
      return;
    }
    this.res.write(text);
    if (this.res.writableLength > this.options.maxBacklogBytes) this.finish();
  }
}
