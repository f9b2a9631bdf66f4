import "server-only";
// The gateway's snapshot: recent calls and the last hour's totals, from the database, with the cursor to
// continue from on the `gateway` channel (read first, so nothing between the two is missed).
import { getDb } from "@/lib/db/client";
import type { GatewayRequest } from "@/lib/db/generated/client";
import { hubChannel } from "@/lib/events/envelope";
import { getHub } from "@/lib/hub";
import { GATEWAY_CHANNEL } from "./events";
import { gatewayCounters } from "./runtime";
import type { GatewayCallView, GatewaySnapshot, TotalsRow } from "./views";

export const TOTALS_WINDOW_S = 3600;
const RECENT = 50;
/** A call still "streaming" this long after it started was lost with the server that served it. */
const LOST_AFTER_MS = 15 * 60_000;

function callView(row: GatewayRequest, now: number): GatewayCallView {
  const lost = row.status === "streaming" && now - row.createdAt.getTime() > LOST_AFTER_MS;
  return {
    request_id: row.id,
    provider: row.provider,
    upstream: row.upstream,
    model: row.model,
    agent: row.agent,
    session_id: row.sessionId,
    stream: row.stream,
    status: lost ? "failed" : row.status,
    http_status: row.httpStatus,
    finish_reason: row.finishReason,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cost_usd: row.costUsd,
    ttfb_ms: row.ttfbMs,
    latency_ms: row.latencyMs,
    error: lost ? "lost: the server serving it stopped before it ended" : row.error,
    text: row.completion ?? row.preview,
    started_at: row.createdAt.toISOString(),
  };
}

async function totalsBy(field: "agent" | "model", since: Date): Promise<TotalsRow[]> {
  const db = await getDb();
  const groups = await db.gatewayRequest.groupBy({
    by: [field],
    where: { createdAt: { gte: since }, status: { not: "streaming" } },
    _count: { _all: true },
    _sum: { inputTokens: true, outputTokens: true, costUsd: true },
  });
  return groups
    .map((g) => ({
      name: g[field],
      requests: g._count._all,
      input_tokens: g._sum.inputTokens ?? 0,
      output_tokens: g._sum.outputTokens ?? 0,
      cost_usd: g._sum.costUsd ?? 0,
    }))
    .sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests);
}

export async function gatewaySnapshot(now = Date.now()): Promise<GatewaySnapshot> {
  const lastEventId = await getHub().head(hubChannel(GATEWAY_CHANNEL));
  const db = await getDb();
  const since = new Date(now - TOTALS_WINDOW_S * 1000);
  const [rows, byAgent, byModel] = await Promise.all([
    db.gatewayRequest.findMany({ orderBy: { createdAt: "desc" }, take: RECENT }),
    totalsBy("agent", since),
    totalsBy("model", since),
  ]);
  return {
    last_event_id: lastEventId,
    requests: rows.map((r) => callView(r, now)),
    totals: { window_s: TOTALS_WINDOW_S, by_agent: byAgent, by_model: byModel },
    tap: { ...gatewayCounters() },
  };
}
