import "server-only";
// The gateway's snapshot: recent calls and the last hour's totals, from the database, with the cursor to
// continue from on the `gateway` channel (read first, so nothing between the two is missed).
import { getDb } from "@/lib/db/client";
import type { GatewayRequest, Prisma } from "@/lib/db/generated/client";
import { hubChannel } from "@/lib/events/envelope";
import { getHub } from "@/lib/hub";
import { GATEWAY_CHANNEL } from "./events";
import { gatewayCounters, recorder } from "./runtime";
import type { FinishedRecord, StartedRecord } from "./tap";
import type { GatewayCallView, GatewaySnapshot, TotalsRow } from "./views";

export const TOTALS_WINDOW_S = 3600;
const RECENT = 50;

function storedView(row: GatewayRequest): GatewayCallView {
  return {
    request_id: row.id,
    provider: row.provider,
    upstream: row.upstream,
    model: row.model,
    agent: row.agent,
    session_id: row.sessionId,
    stream: row.stream,
    status: row.status,
    http_status: row.httpStatus,
    finish_reason: row.finishReason,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cost_usd: row.costUsd,
    ttfb_ms: row.ttfbMs,
    latency_ms: row.latencyMs,
    error: row.error,
    text: row.completion ?? row.preview,
    started_at: row.createdAt.toISOString(),
  };
}

/** A call of this instance not in the database yet: still streaming, or ended and waiting to be written. */
function localView(r: StartedRecord & Partial<FinishedRecord>): GatewayCallView {
  return {
    request_id: r.id,
    provider: r.provider,
    upstream: r.upstream,
    model: r.model,
    agent: r.agent,
    session_id: r.sessionId,
    stream: r.stream,
    status: r.status ?? "streaming",
    http_status: r.httpStatus ?? null,
    finish_reason: r.finishReason ?? null,
    input_tokens: r.inputTokens ?? 0,
    output_tokens: r.outputTokens ?? 0,
    cost_usd: r.costUsd ?? 0,
    ttfb_ms: r.ttfbMs ?? null,
    latency_ms: r.latencyMs ?? null,
    error: r.error ?? null,
    text: r.completion ?? r.preview ?? "",
    started_at: r.createdAt.toISOString(),
  };
}

async function totalsBy(
  tx: Prisma.TransactionClient,
  field: "agent" | "model",
  since: Date,
  extra: GatewayCallView[],
): Promise<TotalsRow[]> {
  const groups = await tx.gatewayRequest.groupBy({
    by: [field],
    where: { createdAt: { gte: since } },
    _count: { _all: true },
    _sum: { inputTokens: true, outputTokens: true, costUsd: true },
  });
  const rows = new Map<string, TotalsRow>();
  for (const g of groups) {
    const row = { name: g[field], requests: g._count._all, input_tokens: g._sum.inputTokens ?? 0 };
    rows.set(g[field], { ...row, output_tokens: g._sum.outputTokens ?? 0, cost_usd: g._sum.costUsd ?? 0 });
  }
  for (const c of extra) {
    const r = rows.get(c[field]) ?? { name: c[field], requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
    rows.set(c[field], {
      name: r.name,
      requests: r.requests + 1,
      input_tokens: r.input_tokens + c.input_tokens,
      output_tokens: r.output_tokens + c.output_tokens,
      cost_usd: r.cost_usd + c.cost_usd,
    });
  }
  return [...rows.values()].sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests);
}

/**
 * Recent calls (this instance's streaming and not-yet-written ones first), the hour's totals, the tap's
 * counters. The instance's calls are taken before the database is read, and the totals add those of them
 * the database did not hold yet: every finished call listed is in the totals exactly once.
 */
export async function gatewaySnapshot(now = Date.now()): Promise<GatewaySnapshot> {
  const lastEventId = await getHub().head(hubChannel(GATEWAY_CHANNEL));
  const local = recorder().local().map(localView);
  const localFinished = local.filter((c) => c.status !== "streaming");
  const db = await getDb();
  const since = new Date(now - TOTALS_WINDOW_S * 1000);
  // One consistent read: the calls the database already holds are not added to its totals twice.
  const { rows, totals } = await db.$transaction(
    async (tx) => {
      const written = await tx.gatewayRequest.findMany({
        where: { id: { in: localFinished.map((c) => c.request_id) } },
        select: { id: true },
      });
      const writtenIds = new Set(written.map((w) => w.id));
      const unwritten = localFinished.filter((c) => !writtenIds.has(c.request_id) && Date.parse(c.started_at) >= since.getTime());
      const recent = await tx.gatewayRequest.findMany({ orderBy: { createdAt: "desc" }, take: RECENT });
      const byAgent = await totalsBy(tx, "agent", since, unwritten);
      const byModel = await totalsBy(tx, "model", since, unwritten);
      return { rows: recent, totals: { window_s: TOTALS_WINDOW_S, by_agent: byAgent, by_model: byModel } };
    },
    { isolationLevel: "RepeatableRead" },
  );
  const localIds = new Set(local.map((c) => c.request_id));
  return {
    last_event_id: lastEventId,
    requests: [...local, ...rows.filter((r) => !localIds.has(r.id)).map(storedView)],
    totals,
    tap: { ...gatewayCounters() },
  };
}
