// GET /api/bench-peer/{peer}/stream, POST /api/bench-peer/{peer}/publish, GET /api/bench-peer/{peer}/health
// (+ POST /api/bench-peer/resumable-stream/start) — benchmark fixtures, not an API: a route handler built
// the way each peer's documentation shows (lib/bench/*-peer.ts), so `npm run bench` can set Parley beside
// the libraries a Next.js team would pick instead. Like the floor fixture (app/api/bench-floor) it answers
// 404 unless PARLEY_BENCH_FLOOR=1, which only the bench sets.

import { benchTickSchema } from "@/lib/bench/peer-stream";
import { followStream, publishToStream, startStream } from "@/lib/bench/resumable-stream-peer";
import { realtimePublish, realtimeStream } from "@/lib/bench/upstash-realtime-peer";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/respond";
import { unknownApiPath } from "@/lib/http/unknown-path";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

type Context = RouteContext<"/api/bench-peer/[peer]/[op]">;

const notFound = (request: Request) => unknownApiPath(request, undefined);

const health = () => Response.json({ memory: { rss_bytes: process.memoryUsage.rss() } });

/** `?resumeAt=` as resumable-stream's README reads it: a count of characters, or none. */
function resumeAt(request: Request): number | undefined {
  const raw = new URL(request.url).searchParams.get("resumeAt");
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

async function answer(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return errorResponse(error);
  }
}

export async function GET(request: Request, ctx: Context): Promise<Response> {
  if (!env.PARLEY_BENCH_FLOOR) return notFound(request);
  const { peer, op } = await ctx.params;
  if (op === "health" && (peer === "resumable-stream" || peer === "upstash-realtime")) return health();
  if (op !== "stream") return notFound(request);
  if (peer === "resumable-stream") return answer(() => followStream(resumeAt(request)));
  if (peer === "upstash-realtime") return answer(() => realtimeStream(request));
  return notFound(request);
}

export async function POST(request: Request, ctx: Context): Promise<Response> {
  if (!env.PARLEY_BENCH_FLOOR) return notFound(request);
  const { peer, op } = await ctx.params;
  if (peer === "resumable-stream" && op === "start") return answer(startStream);
  if (op !== "publish" || (peer !== "resumable-stream" && peer !== "upstash-realtime")) return notFound(request);
  const tick = benchTickSchema.safeParse(await request.json().catch(() => null));
  if (!tick.success) return new Response(null, { status: 400 });
  return answer(async () => {
    if (peer === "resumable-stream") publishToStream(tick.data);
    else await realtimePublish(new URL(request.url).searchParams.get("channel") ?? "default", tick.data);
    return new Response(null, { status: 204 });
  });
}

export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
