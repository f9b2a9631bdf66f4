// The publish flood (issue 19, finding 1): self-made keys publishing full batches of large events to many
// channels, as fast as the server takes them. Every request carries the same prepared body, so the flood
// costs the soak one buffer, not one per request.
import { MAX_EVENT_DATA_BYTES } from "@/lib/events/envelope";
import { errorCode } from "./http";
import { noise } from "./noise";
import { type Attacker, pause } from "./visitor";

export interface PublishFloodOptions {
  keys: string[];
  /** Channels per key. */
  channels: number;
  /** Requests in flight at once from this address. */
  concurrency: number;
  /** Events per request and the size of each one's data. */
  batch: number;
  eventBytes: number;
}

/** `{events: [...]}` of `batch` events whose data is `{blob}`, each `eventBytes` of JSON. */
export function largeBatch(type: string, batch: number, eventBytes: number): Buffer {
  const blob = noise(Math.max(0, Math.min(eventBytes, MAX_EVENT_DATA_BYTES) - '{"blob":""}'.length));
  const events = Array.from({ length: batch }, () => ({ type, data: { blob } }));
  return Buffer.from(JSON.stringify({ events }));
}

export async function publishFlood(a: Attacker, options: PublishFloodOptions): Promise<void> {
  if (options.keys.length === 0) return;
  const body = largeBatch("soak.blob", options.batch, options.eventBytes);
  const targets = options.keys.flatMap((key, k) =>
    Array.from({ length: options.channels }, (_, c) => ({ key, channel: `${a.tag}-k${k}-c${c}` })),
  );
  let next = 0;
  const worker = async () => {
    while (!a.signal.aborted) {
      const target = targets[next++ % targets.length]!;
      try {
        const reply = await a.client.json("POST", `/api/v1/channels/${target.channel}/events`, body, {
          Authorization: `Bearer ${target.key}`,
        });
        a.tally.reply("publish", reply, body.length);
      } catch (error) {
        a.tally.failed("publish", error);
        // Nothing listens (the server is gone): retrying at once would only spin.
        if (errorCode(error) === "ECONNREFUSED") await pause(250, a.signal);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}
