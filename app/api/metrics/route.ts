// GET /api/metrics — the process's metrics in Prometheus text format (PARLEY_METRICS_TOKEN or an admin token)
import { route } from "@/lib/http/handler";
import { requireMetricsReader } from "@/lib/http/identity/metrics-reader";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { renderMetrics } from "@/lib/telemetry/prometheus";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  requireMetricsReader(request);
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
