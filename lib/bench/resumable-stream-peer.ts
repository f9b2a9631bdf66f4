// The bench's resumable-stream peer (vercel/resumable-stream 2.2.13), wired as its README's "explicit
// resumption" shows and as the AI SDK's chat resumes: a POST makes the stream (its producer is this
// instance, its own reader the caller), every other reader GETs it back through Redis with
// `resumeExistingStream(id, resumeAt)` — `resumeAt` being the characters the reader already has. The bench
// publishes into the producer's source. Nothing of Parley: node-redis clients of the library's own kind.
import "server-only";
import { randomUUID } from "node:crypto";
import { after } from "next/server";
import { createClient } from "redis";
import { createResumableStreamContext, type Publisher, type ResumableStreamContext, type Subscriber } from "resumable-stream";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { acceptedTick, type BenchTick, cutAfter, sseData } from "./peer-stream";

interface Producer {
  id: string;
  source: ReadableStreamDefaultController<string>;
}

let context: Promise<ResumableStreamContext> | null = null;
let producer: Producer | null = null;

function streamContext(): Promise<ResumableStreamContext> {
  const url = env.PARLEY_BENCH_REDIS_URL;
  if (!url) throw new AppError("not_found", "The resumable-stream fixture needs PARLEY_BENCH_REDIS_URL");
  context ??= (async () => {
    const publisher = createClient({ url });
    const subscriber = createClient({ url });
    await Promise.all([publisher.connect(), subscriber.connect()]);
    // node-redis clients are what the library's own default makes (its Publisher/Subscriber are their shape).
    return createResumableStreamContext({
      waitUntil: after,
      keyPrefix: "parley-bench",
      publisher: publisher as unknown as Publisher,
      subscriber: subscriber as unknown as Subscriber,
    });
  })();
  return context;
}

const sse = (stream: ReadableStream<string>) =>
  new Response(cutAfter(stream, env.PARLEY_STREAM_MAX_MS).pipeThrough(new TextEncoderStream()), {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform" },
  });

/** A new stream (the previous one ends: its readers get the library's end), read by the caller. */
export async function startStream(): Promise<Response> {
  const ctx = await streamContext();
  const previous = producer;
  producer = null;
  previous?.source.close();
  const id = `bench-${randomUUID()}`;
  let source: ReadableStreamDefaultController<string> | undefined;
  const stream = await ctx.createNewResumableStream(
    id,
    () =>
      new ReadableStream<string>({
        start(controller) {
          source = controller;
          // Next.js sends a response's headers with its first bytes: the stream opens as the floor's does.
          controller.enqueue("retry: 2000\n\n");
        },
      }),
  );
  if (!stream || !source) throw new AppError("conflict", "The stream could not be made");
  producer = { id, source };
  return sse(stream);
}

/** The current stream from character `resumeAt` on (from its start without it). */
export async function followStream(resumeAt: number | undefined): Promise<Response> {
  const ctx = await streamContext();
  if (!producer) throw new AppError("not_found", "No stream started");
  const stream = await ctx.resumeExistingStream(producer.id, resumeAt);
  if (stream === undefined) throw new AppError("not_found", "No such stream");
  // The README's answer to a stream already done.
  if (stream === null) return new Response("Stream is already done", { status: 422 });
  return sse(stream);
}

export function publishToStream(tick: BenchTick): void {
  if (!producer) throw new AppError("not_found", "No stream started");
  producer.source.enqueue(sseData({ type: tick.type, data: acceptedTick(tick, Date.now()) }));
}
