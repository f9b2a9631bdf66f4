import "server-only";
// The multi-instance hub over Redis through the Upstash REST API (Upstash itself, or `npm run
// redis-bridge` in front of any Redis). History is a Redis stream per channel (the cursor is the stream
// id); live delivery is Redis pub/sub, one subscription per channel per instance, fanned out locally.
import { Redis } from "@upstash/redis";
import { type Backoff, backoffMs } from "@/lib/backoff";
import { messageOf } from "@/lib/errors";
import { type Cursor, ORIGIN } from "@/lib/events/cursor";
import type { Envelope, EventInput } from "@/lib/events/envelope";
import { countRedisRequest, timedPublish } from "@/lib/telemetry/hub-meter";
import { type RetainedRange, resetEvent, resetReason } from "./reset";
import type { Hub, HubStats, SubscribeOptions, Unsubscribe } from "./types";
import { type ChannelBackend, LiveChannel, RETRY, Reader, type StreamInfo, sleep } from "./upstash-channel";
import {
  entryToEnvelope,
  eventArgs,
  HEAD_SCRIPT,
  INFO_SCRIPT,
  PUBLISH_SCRIPT,
  parseMessage,
  type RawEntry,
  toEnvelope,
} from "./upstash-scripts";
import { SubscriptionTransport } from "./upstash-transport";

export interface UpstashHubOptions {
  url: string;
  token: string;
  /** Events retained per channel (up to 100 more: trimming goes in batches). */
  history: number;
  /** Bytes a channel's stream may hold (its events' type and data JSON, 64 more each); its newest event stays. */
  historyBytes: number;
  /**
   * Bytes every channel's stream may hold together (and 512 per channel). Beyond it the least recently active
   * channels are emptied first, their last cursor kept so their readers reset exactly; then forgotten.
   */
  maxBytes: number;
  /** A channel's stream expires this long after its last event. */
  ttlSeconds: number;
  /** Prefix of every Redis key and pub/sub channel the hub uses. */
  prefix?: string;
  /** Entries per XRANGE request when replaying. */
  pageSize?: number;
}

type Listener = (event: Envelope) => void;

/** What a channel's stream holds, for the reset rule; no stream at all is an expired history. */
export function retainedRange(info: StreamInfo | null): RetainedRange {
  if (!info) return { last: null, trimmedThrough: null, floor: null, epoch: "the channel's history expired" };
  return {
    last: info.lastId,
    trimmedThrough: info.trimmedThrough === ORIGIN ? null : info.trimmedThrough,
    // An untrimmed stream began with its first entry: a cursor before that is from an earlier stream.
    floor: info.firstId,
    epoch: "the channel was recreated",
  };
}

/** Reads retry a failed request three times, after 50, 100 and 200 ms (the SDK numbers retries from 0). */
const READ_RETRY: Backoff = { baseMs: 50, maxMs: 1000 };

/** Counts every HTTP request a client makes (single commands, pipelines, multi-exec) for the metrics. */
const countingRequests: Parameters<Redis["use"]>[0] = (req, next) => {
  countRedisRequest(req.path?.[0] ?? "command");
  return next(req);
};

export class UpstashHub implements Hub {
  /** Commands that may be retried after a network error: reads. */
  readonly redis: Redis;
  /** Writes are never retried blindly: a lost response could mean the events were appended already. */
  private readonly writer: Redis;
  readonly prefix: string;
  private readonly channels = new Map<string, LiveChannel>();
  private readonly publishScript;
  private readonly infoScript;
  private readonly backend: ChannelBackend;
  /** Concurrent head reads of one channel share one request. */
  private readonly headReads = new Map<string, Promise<Cursor | null>>();
  /** The hub's accounts in Redis (see LUA_PUBLISH_FUNCTIONS). */
  private readonly accountKeys: string[];
  /** The total the last publish from here reported, and what publishes from here evicted. */
  private retainedBytes: number | null = null;
  private evictedBytes = 0;

  constructor(private readonly options: UpstashHubOptions) {
    const common = { url: options.url, token: options.token, enableTelemetry: false, automaticDeserialization: false };
    this.redis = new Redis({ ...common, retry: { retries: 3, backoff: (retryCount) => backoffMs(retryCount + 1, READ_RETRY) } });
    this.writer = new Redis({ ...common, retry: false });
    for (const client of [this.redis, this.writer]) client.use(countingRequests);
    this.prefix = options.prefix ?? "parley:";
    this.accountKeys = ["sizes", "active", "emptied", "total"].map((name) => `${this.prefix}hub:${name}`);
    this.publishScript = this.writer.createScript<(string | number)[]>(PUBLISH_SCRIPT);
    this.infoScript = this.redis.createScript<string[]>(INFO_SCRIPT);
    this.backend = {
      pageSize: options.pageSize ?? 1000,
      subscribe: (channel, handlers) => this.openSubscription(channel, handlers),
      parse: parseMessage,
      info: (channel) => this.info(channel),
      range: (channel, after, count) => this.range(channel, after, count),
    };
  }

  /**
   * Where a channel lives in Redis: its stream (the braces keep its companion keys in its hash slot), the
   * key recording the newest trimmed id (see parley_settle), and its pub/sub channel (kept free of characters
   * a URL path would have to escape: it is part of the subscribe endpoint's path). `keys` and `bounds` are
   * what every script that publishes to it takes (see LUA_PUBLISH_FUNCTIONS).
   */
  streamTarget(channel: string) {
    const key = `${this.prefix}{${channel}}`;
    const { history, historyBytes, maxBytes, ttlSeconds } = this.options;
    return {
      key,
      trimmedKey: `${key}:trimmed`,
      pubsub: `${this.prefix}${channel}`,
      keys: [key, `${key}:trimmed`, ...this.accountKeys],
      bounds: [history, historyBytes, maxBytes, ttlSeconds].map(String),
    };
  }

  async publish(channel: string, event: EventInput): Promise<Envelope> {
    const [published] = await this.publishBatch(channel, [event]);
    return published!;
  }

  async publishBatch(channel: string, events: EventInput[]): Promise<Envelope[]> {
    if (events.length === 0) return [];
    const target = this.streamTarget(channel);
    const [total, evicted, ...ids] = await timedPublish("upstash", () =>
      this.publishScript.exec(target.keys, [target.pubsub, ...target.bounds, ...eventArgs(events)]),
    );
    this.retainedBytes = Number(total);
    this.evictedBytes += Number(evicted);
    return events.map((e, i) => toEnvelope(channel, String(ids[i]), e.type, e.data ?? null));
  }

  async read(channel: string, options: { after?: Cursor; limit: number }): Promise<Envelope[]> {
    const start = options.after ? `(${options.after}` : "-";
    const entries = await this.redis.exec<RawEntry[]>([
      "XRANGE",
      this.streamTarget(channel).key,
      start,
      "+",
      "COUNT",
      options.limit,
    ]);
    return entries.map((entry) => entryToEnvelope(channel, entry));
  }

  async head(channel: string): Promise<Cursor | null> {
    // A live channel knows its newest cursor: possibly a moment behind Redis, which only means a reader
    // starting there replays a little more — never that it misses anything.
    const live = this.channels.get(channel);
    if (live?.live && live.lastCursor !== null) return live.lastCursor === ORIGIN ? null : live.lastCursor;
    let read = this.headReads.get(channel);
    if (!read) {
      const { key, trimmedKey } = this.streamTarget(channel);
      // EVAL, not a cached script: one command every time, however new the instance.
      read = this.redis
        .eval<string[], string | null>(HEAD_SCRIPT, [key, trimmedKey], [])
        .then((id) => id || null)
        .finally(() => this.headReads.delete(channel));
      this.headReads.set(channel, read);
    }
    return read;
  }

  subscribe(channel: string, options: SubscribeOptions, onEvent: Listener): Unsubscribe {
    let live = this.channels.get(channel);
    if (!live) {
      live = new LiveChannel(channel, this.backend);
      this.channels.set(channel, live);
    }
    const reader = new Reader(onEvent, options.onLive);
    // Registered before any history is read: whatever is published from now on reaches its buffer.
    const registeredAt = live.lastCursor;
    live.readers.add(reader);
    void this.start(live, reader, options.after, registeredAt);
    const subscribed = live;
    return () => {
      if (reader.closed) return;
      reader.closed = true;
      subscribed.readers.delete(reader);
      if (subscribed.readers.size === 0 && this.channels.get(channel) === subscribed) {
        subscribed.close();
        this.channels.delete(channel);
      }
    };
  }

  stats(): HubStats {
    let subscribers = 0;
    for (const live of this.channels.values()) subscribers += live.readers.size;
    return {
      kind: "upstash",
      channels: this.channels.size,
      subscribers,
      retainedBytes: this.retainedBytes,
      maxBytes: this.options.maxBytes,
      evictedBytes: this.evictedBytes,
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.exec<string>(["PING"])) === "PONG";
    } catch (error) {
      console.error("health: Redis check failed", error);
      return false;
    }
  }

  /** Closes every subscription (tests, shutdown). */
  close(): void {
    for (const live of this.channels.values()) live.close();
    this.channels.clear();
  }

  /** Replays what `reader` is missing after `after`, then lets its buffered live events through. */
  private async start(live: LiveChannel, reader: Reader, after: Cursor | undefined, registeredAt: Cursor | null) {
    await live.ready();
    if (reader.closed) return;
    if (after === undefined) {
      // Live only: from where the channel stood when the reader joined (or once it was established).
      reader.cursor = registeredAt ?? live.lastCursor;
      reader.goLive();
      return;
    }
    const recent = live.since(after);
    if (recent) {
      // The channel remembers everything after this cursor: no need to ask Redis.
      reader.cursor = after;
      for (const event of recent) reader.deliver(event);
      reader.goLive();
      return;
    }
    for (let attempt = 0; !reader.closed; attempt++) {
      try {
        if (reader.cursor === null) {
          const info = await this.info(live.name);
          const reason = resetReason(after, retainedRange(info));
          if (reason) reader.reset(resetEvent(live.name, info?.lastId ?? ORIGIN, reason));
          else reader.cursor = after;
        }
        do {
          reader.overflowed = false;
          await this.replay(live.name, reader);
        } while (reader.overflowed && !reader.closed);
        reader.goLive();
        return;
      } catch (error) {
        console.warn(`hub: replaying ${live.name} failed (${messageOf(error)}); retrying`);
        await sleep(Math.max(100, backoffMs(attempt, RETRY)));
      }
    }
  }

  private async replay(channel: string, reader: Reader): Promise<void> {
    const pageSize = this.backend.pageSize;
    for (;;) {
      const page = await this.range(channel, reader.cursor ?? ORIGIN, pageSize);
      for (const event of page) reader.deliver(event);
      if (page.length < pageSize || reader.closed) return;
    }
  }

  private range(channel: string, after: Cursor, count: number): Promise<Envelope[]> {
    return this.read(channel, { after, limit: count });
  }

  private async info(channel: string): Promise<StreamInfo | null> {
    const { key, trimmedKey } = this.streamTarget(channel);
    const out = await this.infoScript.exec([key, trimmedKey], []);
    if (out.length < 3) return null;
    return { lastId: out[0] || ORIGIN, trimmedThrough: out[1] || ORIGIN, firstId: out[2] || null };
  }

  private openSubscription(channel: string, handlers: Parameters<ChannelBackend["subscribe"]>[1]): () => void {
    countRedisRequest("subscribe");
    const transport = new SubscriptionTransport(this.options.url, this.options.token, handlers.ended);
    const subscriber = new Redis(transport).subscribe<unknown>(this.streamTarget(channel).pubsub);
    subscriber.on("subscribe", () => handlers.confirmed());
    subscriber.on("message", ({ message }) => handlers.message(message));
    // The subscription request itself failed (network, auth): same remedy as a dropped stream.
    subscriber.on("error", (error) => handlers.ended(error));
    return () => void subscriber.unsubscribe();
  }
}
