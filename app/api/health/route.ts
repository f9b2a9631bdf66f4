// GET /api/health — database and hub status, open streams (by kind) and the current delivery lag
import { databaseKind, getDb } from "@/lib/db/client";
import { route } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { streamCaps } from "@/lib/http/serve-stream";
import { streamMetrics } from "@/lib/http/stream-metrics";
import { getHub } from "@/lib/hub";
import { streamSummary } from "@/lib/telemetry/tally";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const database = await getDb()
    .then((db) => db.$queryRaw`SELECT 1`)
    .then(
      () => ({ ok: true, kind: databaseKind }),
      (error: unknown) => {
        console.error("health: database check failed", error);
        return { ok: false, kind: databaseKind };
      },
    );
  const hubInstance = getHub();
  const hub = { ok: (await hubInstance.ping?.()) ?? true, ...hubInstance.stats() };
  const ok = database.ok && hub.ok;
  return json(
    {
      status: ok ? "ok" : "degraded",
      database,
      hub,
      streams: { ...streamMetrics, ...streamSummary(), caps: streamCaps },
      memory: { rss_bytes: process.memoryUsage.rss() },
      uptime_s: Math.round(process.uptime()),
    },
    { status: ok ? 200 : 503 },
  );
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
