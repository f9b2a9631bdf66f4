"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { GetGatewayResponse } from "@/app/api/v1/gateway/route";
import { ConnectionBadge } from "@/components/channel-console/connection-badge";
import { useEventStream } from "@/hooks/useEventStream";
import { activeCalls, applyGatewayEvent, recentCalls, totals, watchFromSnapshot } from "@/lib/gateway/watch-state";
import { ActiveCall } from "./active-call";
import { fetchSnapshot, streamUrl } from "./connect";
import { DemoCall } from "./demo-call";
import { RecentCalls } from "./recent-calls";
import { TotalsTable } from "./totals-table";

/** The snapshot is refetched this often, so the hour's totals slide with the clock. */
const REFRESH_MS = 60_000;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function GatewayLive({ apiKey, first, url }: { apiKey: string; first: GetGatewayResponse; url: string }) {
  const initial = useMemo(() => watchFromSnapshot(first), [first]);
  const refreshUrl = useCallback(() => streamUrl(apiKey, null).catch(() => null), [apiKey]);
  const stream = useEventStream({ url, reduce: applyGatewayEvent, initial, refreshUrl });
  const [latest, setLatest] = useState<GetGatewayResponse | null>(null);
  const refresh = useCallback(() => {
    fetchSnapshot(apiKey).then(setLatest, () => {});
  }, [apiKey]);
  useEffect(() => {
    const t = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh]);
  // A reset means the stream's history is gone: the snapshot fills in what it cannot replay.
  useEffect(() => {
    if (stream.data.resets > 0) refresh();
  }, [stream.data.resets, refresh]);

  const watch = latest ? watchFromSnapshot(latest, stream.data) : stream.data;
  const now = useNow(1000);
  const active = activeCalls(watch);
  const hour = totals(watch);

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">LLM gateway</h1>
        <ConnectionBadge status={stream.status} unreadable={stream.unreadable} />
      </div>
      <DemoCall apiKey={apiKey} />
      <section aria-labelledby="active-heading" className="space-y-3">
        <h2 id="active-heading" className="text-lg font-medium">
          Streaming now <span className="text-zinc-600 dark:text-zinc-400">({active.length})</span>
        </h2>
        {active.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:text-zinc-400 dark:border-zinc-700">
            No call is streaming. Make a demo call above, or point an app's OpenAI or Anthropic base URL at this server: its calls
            appear here.
          </p>
        ) : (
          <div className="grid gap-3 md:grid-cols-2">
            {active.map((call) => (
              <ActiveCall key={call.request_id} call={call} now={now} />
            ))}
          </div>
        )}
      </section>
      <RecentCalls calls={recentCalls(watch, 50)} />
      <section aria-labelledby="totals-heading" className="space-y-3">
        <h2 id="totals-heading" className="text-lg font-medium">
          Last hour
        </h2>
        <div className="grid gap-6 md:grid-cols-2">
          <TotalsTable title="By agent" rows={hour.by_agent} />
          <TotalsTable title="By model" rows={hour.by_model} />
        </div>
      </section>
    </div>
  );
}
