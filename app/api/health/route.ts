// GET /api/health — up or down for anyone (200 {status: "ok"} or 503 {status: "degraded"}); with the
// metrics token or an admin token, also the database, hub, streams and their caps, memory and uptime
import { route } from "@/lib/http/handler";
import { healthReport } from "@/lib/http/health";
import { requireMetricsReader } from "@/lib/http/identity/metrics-reader";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  // A caller that sends credentials wants the details: a wrong token is a 401, not a quiet summary.
  const detailed = request.headers.has("authorization");
  if (detailed) requireMetricsReader(request);
  const report = await healthReport();
  return json(detailed ? report.details() : { status: report.status }, { status: report.status === "ok" ? 200 : 503 });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
