// GET /api/bench-floor/stream, POST /api/bench-floor/publish, GET /api/bench-floor/health — a benchmark
// fixture, not an API: the same fan-out as a Parley channel with nothing of Parley (a module-level set of
// stream controllers, one pre-encoded frame enqueued to each), so `npm run bench` can measure the floor a
// route handler in this very build stands on. It answers 404 unless PARLEY_BENCH_FLOOR=1, which only the
// bench sets.
import { z } from "zod";
import { env } from "@/lib/env";
import { unknownApiPath } from "@/lib/http/unknown-path";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const encoder = new TextEncoder();
const readers = new Set<ReadableStreamDefaultController<Uint8Array>>();
let lastMs = 0;
let seq = 0;

/** Outside the bench, and for anything but its three operations: what any unknown API path answers. */
const notFound = (request: Request) => unknownApiPath(request, undefined);

/** What the bench publishes: an event's type and its data, as it posts to a Parley channel. */
const publishSchema = z.object({ type: z.string(), data: z.unknown() });

export async function GET(request: Request, ctx: RouteContext<"/api/bench-floor/[op]">): Promise<Response> {
  if (!env.PARLEY_BENCH_FLOOR) return notFound(request);
  const { op } = await ctx.params;
  if (op === "health") return Response.json({ memory: { rss_bytes: process.memoryUsage.rss() }, readers: readers.size });
  if (op !== "stream") return notFound(request);
  let reader: ReadableStreamDefaultController<Uint8Array> | null = null;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      reader = controller;
      readers.add(controller);
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
    },
    cancel() {
      if (reader) readers.delete(reader);
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform" },
  });
}

export async function POST(request: Request, ctx: RouteContext<"/api/bench-floor/[op]">): Promise<Response> {
  if (!env.PARLEY_BENCH_FLOOR || (await ctx.params).op !== "publish") return notFound(request);
  const body = publishSchema.safeParse(await request.json());
  if (!body.success) return new Response(null, { status: 400 });
  const { type, data } = body.data;
  const now = Date.now();
  seq = now > lastMs ? 0 : seq + 1;
  lastMs = Math.max(now, lastMs);
  const id = `${lastMs}-${seq}`;
  const envelope = { id, channel: "ch:bench", type, ts: new Date(now).toISOString(), data };
  const frame = encoder.encode(`id: ${id}\ndata: ${JSON.stringify(envelope)}\n\n`);
  for (const reader of readers) {
    try {
      reader.enqueue(frame);
    } catch {
      // Closed by a client that went away between its cancel and this publish.
      readers.delete(reader);
    }
  }
  return Response.json({ id }, { status: 201 });
}

export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
