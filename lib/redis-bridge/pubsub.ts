// One Redis subscriber connection for the whole bridge: a channel is subscribed once, however many SSE
// clients listen to it. If that connection drops, every listener is closed so that its client knows to
// resubscribe and catch up (messages published meanwhile are gone from pub/sub).
import { RespConnection, type RespReply } from "./resp";

export interface PubSubListener {
  message(payload: Buffer): void;
  closed(error: Error): void;
}

interface Deferred {
  resolve(): void;
  reject(error: Error): void;
}

interface Entry {
  listeners: Set<PubSubListener>;
  ready: Promise<void>;
}

const text = (r: RespReply | undefined) => (Buffer.isBuffer(r) ? r.toString("utf8") : "");

export class SharedSubscriber {
  private connection: Promise<RespConnection> | null = null;
  private readonly channels = new Map<string, Entry>();
  /** Per channel, one waiter per SUBSCRIBE sent, in order: Redis confirms them in that order. */
  private readonly confirmations = new Map<string, Deferred[]>();

  constructor(
    private readonly url: string,
    private readonly name?: string,
  ) {}

  get channelCount(): number {
    return this.channels.size;
  }

  /** Resolves once Redis has confirmed the subscription: from then on no message to `channel` is missed. */
  async add(channel: string, listener: PubSubListener): Promise<void> {
    const conn = await this.connect();
    if (conn.closed) throw new Error("Redis subscriber connection closed");
    let entry = this.channels.get(channel);
    if (!entry) {
      const ready = new Promise<void>((resolve, reject) => {
        const queue = this.confirmations.get(channel) ?? [];
        queue.push({ resolve, reject });
        this.confirmations.set(channel, queue);
      });
      // Nobody may be awaiting it yet when the connection fails.
      ready.catch(() => {});
      entry = { listeners: new Set(), ready };
      this.channels.set(channel, entry);
      conn.write(["SUBSCRIBE", channel]);
    }
    entry.listeners.add(listener);
    await entry.ready;
  }

  remove(channel: string, listener: PubSubListener): void {
    const entry = this.channels.get(channel);
    if (!entry?.listeners.delete(listener) || entry.listeners.size > 0) return;
    this.channels.delete(channel);
    void this.connection?.then(
      (c) => c.write(["UNSUBSCRIBE", channel]),
      () => {},
    );
  }

  close(): void {
    void this.connection?.then(
      (c) => c.close(),
      () => {},
    );
  }

  private connect(): Promise<RespConnection> {
    if (this.connection) return this.connection;
    const created = RespConnection.connect(this.url, { name: this.name }).then((conn) => {
      conn.onPush = (reply) => this.onPush(reply);
      conn.onClose((error) => this.onClosed(created, error));
      return conn;
    });
    created.catch(() => {
      if (this.connection === created) this.connection = null;
    });
    this.connection = created;
    return created;
  }

  private onPush(reply: RespReply): void {
    if (!Array.isArray(reply)) return;
    const kind = text(reply[0]);
    const channel = text(reply[1]);
    if (kind === "message") {
      const payload = reply[2];
      if (!Buffer.isBuffer(payload)) return;
      for (const listener of this.channels.get(channel)?.listeners ?? []) listener.message(payload);
    } else if (kind === "subscribe") {
      const queue = this.confirmations.get(channel);
      queue?.shift()?.resolve();
      if (queue?.length === 0) this.confirmations.delete(channel);
    }
  }

  private onClosed(conn: Promise<RespConnection>, error: Error): void {
    if (this.connection === conn) this.connection = null;
    for (const queue of this.confirmations.values()) for (const waiter of queue) waiter.reject(error);
    this.confirmations.clear();
    const entries = [...this.channels.values()];
    this.channels.clear();
    for (const entry of entries) for (const listener of entry.listeners) listener.closed(error);
  }
}
