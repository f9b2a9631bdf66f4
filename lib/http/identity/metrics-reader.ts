import "server-only";
// Who may scrape GET /api/metrics: the PARLEY_METRICS_TOKEN bearer (for a Prometheus server's config)
// or a signed admin token.
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { bearerToken, requireAdmin } from "@/lib/http/identity/credentials";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Returns when the request carries the metrics token or an admin token; otherwise throws 401. */
export function requireMetricsReader(request: Request): void {
  const token = bearerToken(request);
  const configured = env.PARLEY_METRICS_TOKEN;
  if (token && configured && timingSafeEqual(digest(token), digest(configured))) return;
  requireAdmin(request);
}
