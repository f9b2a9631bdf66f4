// The bench's @upstash/realtime peer (1.1.0), wired as its documentation shows: a `Realtime` with a zod
// schema over an @upstash/redis client, `handle({ realtime })` as the route's GET (`?channel=…`, resumed
// with `last_ack_<channel>=<cursor>`), `realtime.channel(…).emit(…)` to publish. Its Redis is the REST
// bridge the bench starts (PARLEY_BENCH_REST_URL): nothing of Parley.
import "server-only";
import { handle, Realtime } from "@upstash/realtime";
import { Redis } from "@upstash/redis";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { acceptedTick, type BenchTick } from "./peer-stream";

const schema = {
  bench: { tick: z.object({ ts: z.string(), seq: z.number(), sent_at: z.number() }) },
};

function create() {
  const url = env.PARLEY_BENCH_REST_URL;
  const token = env.PARLEY_BENCH_REST_TOKEN;
  if (!url || !token) throw new AppError("not_found", "The @upstash/realtime fixture needs PARLEY_BENCH_REST_URL and _TOKEN");
  return new Realtime({
    schema,
    redis: new Redis({ url, token }),
    // Its streams end (with a `reconnect` event) 2 s before this: at PARLEY_STREAM_MAX_MS, as Parley's do.
    maxDurationSecs: (env.PARLEY_STREAM_MAX_MS + 2000) / 1000,
    // Parley's hub keeps the last 1,000 events of a channel for resuming; the same here.
    history: { maxLength: 1000 },
  });
}

let realtime: ReturnType<typeof create> | null = null;
const instance = () => {
  realtime ??= create();
  return realtime;
};

export async function realtimeStream(request: Request): Promise<Response> {
  return (await handle({ realtime: instance() })(request)) ?? new Response(null, { status: 500 });
}

export async function realtimePublish(channel: string, tick: BenchTick): Promise<void> {
  await instance().channel(channel).emit("bench.tick", acceptedTick(tick, Date.now()));
}
