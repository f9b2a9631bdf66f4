// One Redis subscriber connection for the whole bridge: a channel is subscribed once, however many SSE
// clients listen to it. If that connection drops, every listener is closed so that its client knows to
// resubscribe and catch up (messages published meanwhile are gone from pub/sub); the next subscription
// opens a new connection.
import { connectRedis, type RedisConnection } from "./redis";

export interface PubSubListener {
  message(payload: Buffer): void;
  closed(error: Error): void;
}

interface Entry {
  listeners: Set<PubSubListener>;
  /** What the Redis connection calls for this entry's messages: removed by identity when the entry goes. */
  deliver: (payload: Buffer) => void;
  /** Settles when Redis has confirmed (or failed) the channel's SUBSCRIBE. */
  ready: Promise<void>;
}

export class SharedSubscriber {
  private connection: Promise<RedisConnection> | null = null;
  private readonly channels = new Map<string, Entry>();

  constructor(
    private readonly url: string,
    private readonly name?: string,
  ) {}

  get channelCount(): number {
    return this.channels.size;
  }

  /** Resolves once Redis has confirmed the subscription: from then on no message to `channel` is missed. */
  async add(channel: string, listener: PubSubListener): Promise<void> {
    const connection = await this.connect();
    // A connection lost meanwhile would leave a SUBSCRIBE queued forever (node-redis writes only when ready).
    if (!connection.isReady) throw new Error("Redis subscriber connection closed");
    let entry = this.channels.get(channel);
    if (!entry) {
      const deliver = (payload: Buffer) => this.deliver(channel, payload);
      const ready = connection.subscribe(channel, deliver, true);
      // Nobody may be awaiting it yet when the connection fails.
      ready.catch(() => {});
      entry = { listeners: new Set(), deliver, ready };
      this.channels.set(channel, entry);
    }
    entry.listeners.add(listener);
    await entry.ready;
  }

  remove(channel: string, listener: PubSubListener): void {
    const entry = this.channels.get(channel);
    if (!entry?.listeners.delete(listener) || entry.listeners.size > 0) return;
    this.channels.delete(channel);
    // Only this entry's callback: a client that subscribed again meanwhile (an `add` under way when the
    // last listener left) has its own, and Redis is told to UNSUBSCRIBE only when none is left — a bare
    // UNSUBSCRIBE of the channel here would cut that client off without a word.
    void this.connection?.then(
      (connection) => {
        // A connection that is gone took its subscriptions with it (and told every listener).
        if (!connection.isReady) return;
        connection.unsubscribe(channel, entry.deliver, true).catch((error: unknown) => {
          // Redis may go on sending the channel's messages here, to nobody: worth a line, not a crash.
          console.error(`redis-bridge: unsubscribe from ${channel} failed`, error);
        });
      },
      () => {}, // the connection never opened: nothing was subscribed on it, and `add` reported why
    );
  }

  close(): void {
    void this.connection?.then(
      (connection) => connection.destroy(),
      () => {},
    );
    this.connection = null;
  }

  private connect(): Promise<RedisConnection> {
    if (this.connection) return this.connection;
    const created: Promise<RedisConnection> = connectRedis(this.url, {
      name: this.name,
      onLost: (error) => this.lost(created, error),
    });
    created.catch(() => {
      if (this.connection === created) this.connection = null;
    });
    this.connection = created;
    return created;
  }

  private deliver(channel: string, payload: Buffer): void {
    for (const listener of this.channels.get(channel)?.listeners ?? []) listener.message(payload);
  }

  private lost(connection: Promise<RedisConnection>, error: Error): void {
    if (this.connection !== connection) return;
    this.connection = null;
    const entries = [...this.channels.values()];
    this.channels.clear();
    for (const entry of entries) for (const listener of entry.listeners) listener.closed(error);
  }
}
