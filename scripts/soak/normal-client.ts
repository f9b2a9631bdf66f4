// The legitimate client the attack must not hurt: a visitor at 127.0.0.1 (the attackers use other
// addresses) with a key of their own, publishing a small numbered event five times a second to a channel,
// and reading that channel's stream as a browser would (resuming with Last-Event-ID when it ends). Every
// event it published must reach its reader in order, once, without gaps, within the delivery bound.
import type { Stream, TestServer } from "../../tests/support/server";
import { request } from "../../tests/support/session-client";

const PUBLISH_EVERY_MS = 200;

export interface ReaderFigures {
  delivered: number;
  /** Accepted events the reader skipped over: lost. */
  gaps: number;
  /** Events that came again, or before one they followed. */
  disorder: number;
  resets: number;
  reconnects: number;
  /** Publishes of the normal producer that were not accepted, by status or error. */
  refused: Map<string, number>;
  accepted: number;
  /** How long each of its publishes took to be answered. */
  publishMs: number[];
}

export class NormalClient {
  readonly figures: ReaderFigures = {
    delivered: 0,
    gaps: 0,
    disorder: 0,
    resets: 0,
    reconnects: 0,
    refused: new Map(),
    accepted: 0,
    publishMs: [],
  };
  /** Delivery latencies (publisher's send → reader's receipt) since the last `takeLatencies`. */
  private latencies: number[] = [];
  /** Accepted events not yet delivered: seq → when they were sent. */
  private readonly pending = new Map<number, number>();
  private lastSeq = -1;
  private stopped = false;
  private producing = false;
  private reading: Promise<void> = Promise.resolve();
  private current: Stream | null = null;

  private constructor(
    private readonly server: TestServer,
    private readonly channel: string,
    private readonly key: string,
  ) {}

  /** A visitor's identity and key (made on the keys page), then the reader, then the producer. */
  static async start(server: TestServer, channel: string): Promise<NormalClient> {
    const visit = await fetch(`${server.url}/keys`);
    await visit.arrayBuffer();
    const cookie = visit.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`the normal client got no identity (GET /keys: ${visit.status})`);
    const scopes = [`publish:${channel}`, `subscribe:${channel}`];
    const made = await request(
      `${server.url}/api/v1/keys`,
      "POST",
      { name: "soak reader", scopes },
      {
        Cookie: cookie,
        Origin: server.url,
      },
    );
    if (made.status !== 201) throw new Error(`the normal client's key: ${made.status} ${JSON.stringify(made.body)}`);
    const client = new NormalClient(server, channel, made.body.key as string);
    const first = await client.connect(null);
    if (!first) throw new Error("the normal reader could not open its stream");
    // Only the reader is waited for at the end: a publish still in flight then is left to the server's stop.
    client.reading = client.follow(first);
    void client.produce();
    return client;
  }

  takeLatencies(): number[] {
    const taken = this.latencies;
    this.latencies = [];
    return taken;
  }

  /** Accepted events still undelivered after `ms`. */
  overdue(ms: number, now = Date.now()): number {
    let n = 0;
    for (const sentAt of this.pending.values()) if (now - sentAt > ms) n++;
    return n;
  }

  /** Stops publishing, waits up to `drainMs` for what was accepted to arrive, then stops reading. */
  async stop(drainMs: number): Promise<{ lost: number }> {
    this.producing = false;
    const deadline = Date.now() + drainMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    this.stopped = true;
    this.current?.abort();
    await this.reading;
    return { lost: this.pending.size };
  }

  private async connect(lastEventId: string | null) {
    try {
      this.current = await this.server.stream(this.channel, { key: this.key, lastEventId });
      return this.current;
    } catch {
      return null;
    }
  }

  private async follow(first: Stream): Promise<void> {
    let stream: Stream | null = first;
    let lastEventId: string | null = null;
    while (!this.stopped) {
      if (!stream) {
        await new Promise((r) => setTimeout(r, 1000));
        stream = await this.connect(lastEventId);
        continue;
      }
      let seen = 0;
      for (;;) {
        const next = await Promise.race([
          stream
            .waitFor((r) => r.envelopes.length > seen, 1000)
            .then(
              () => "event",
              () => "quiet",
            ),
          stream.ended.then(() => "ended"),
        ]);
        const now = Date.now();
        for (; seen < stream.envelopes.length; seen++) this.observe(stream.envelopes[seen]!, now);
        if (next === "ended" || this.stopped) break;
      }
      lastEventId = stream.lastEventId;
      stream.abort();
      stream = null;
      if (!this.stopped) {
        this.figures.reconnects++;
        stream = await this.connect(lastEventId);
      }
    }
  }

  private observe(envelope: { type: string; data: unknown }, now: number): void {
    if (envelope.type === "stream.reset") {
      this.figures.resets++;
      return;
    }
    const { seq, sent_at } = envelope.data as { seq: number; sent_at: number };
    if (seq <= this.lastSeq) {
      this.figures.disorder++;
      return;
    }
    for (let skipped = this.lastSeq + 1; skipped < seq; skipped++) {
      if (this.pending.delete(skipped)) this.figures.gaps++;
    }
    this.lastSeq = seq;
    this.pending.delete(seq);
    this.figures.delivered++;
    this.latencies.push(now - sent_at);
  }

  /** One publish at a time: by the time the reader sees event n+1, event n's fate is known. */
  private async produce(): Promise<void> {
    this.producing = true;
    for (let seq = 0; this.producing; seq++) {
      const sentAt = Date.now();
      const outcome = await this.publish(seq, sentAt);
      this.figures.publishMs.push(Date.now() - sentAt);
      if (outcome === "accepted") {
        this.figures.accepted++;
        // The reader may already have it (the event can arrive before the answer does).
        if (seq > this.lastSeq) this.pending.set(seq, sentAt);
      } else {
        this.figures.refused.set(outcome, (this.figures.refused.get(outcome) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, sentAt + PUBLISH_EVERY_MS - Date.now())));
    }
  }

  /** "accepted", or the status or error that said otherwise (the answer read whole: a server dying mid-answer is an error). */
  private async publish(seq: number, sentAt: number): Promise<string> {
    try {
      const res = await fetch(`${this.server.url}/api/v1/channels/${this.channel}/events`, {
        method: "POST",
        headers: { Authorization: `Bearer ${this.key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ type: "soak.normal", data: { seq, sent_at: sentAt } }),
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      return res.status === 201 ? "accepted" : String(res.status);
    } catch (error) {
      return error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.name) : "error";
    }
  }
}
