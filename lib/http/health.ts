import "server-only";
// What GET /api/health knows: whether the database and the hub answer (anyone may ask: a load balancer
// needs up or down), and the process's figures — hub, streams and their caps, memory, uptime — which tell
// an attacker how close the server is to its limits, so only a metrics reader sees them.
import { databaseKind, getDb } from "@/lib/db/client";
import { streamCaps } from "@/lib/http/sse/serve-stream";
import { streamMetrics } from "@/lib/http/sse/stream-metrics";
import { getHub } from "@/lib/hub";
import { streamSummary } from "../telemetry/tally";

export type HealthStatus = "ok" | "degraded";

/** Checks the database and the hub; `details` are computed only for a caller allowed to see them. */
export async function healthReport() {
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
  const { retainedBytes, maxBytes, evictedBytes, ...counts } = hubInstance.stats();
  const hub = {
    ok: (await hubInstance.ping?.()) ?? true,
    ...counts,
    retained_bytes: retainedBytes,
    max_bytes: maxBytes,
    evicted_bytes: evictedBytes,
  };
  const status: HealthStatus = database.ok && hub.ok ? "ok" : "degraded";
  return {
    status,
    details: () => ({
      status,
      database,
      hub,
      streams: { ...streamMetrics, ...streamSummary(), caps: streamCaps },
      memory: { rss_bytes: process.memoryUsage.rss() },
      uptime_s: Math.round(process.uptime()),
    }),
  };
}
