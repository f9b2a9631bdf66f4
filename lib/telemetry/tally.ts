// The process's stream and hub figures as plain numbers: what /api/health shows and what both exports
// (OTLP and Prometheus) read when they collect. Counting is an increment; exporting is the exporters' job.
import type { HubStats } from "@/lib/hub/types";
import { processGlobal } from "@/lib/process-global";
import { LagWindow } from "./lag-window";
import { STREAM_KINDS, type StreamKind } from "./stream-kind";

export type ByKind = Record<StreamKind, number>;

const byKind = (): ByKind => Object.fromEntries(STREAM_KINDS.map((k) => [k, 0])) as ByKind;

export interface Tally {
  open: ByKind;
  opened: ByKind;
  /** Events written to readers (each reader's copy counts). */
  delivered: ByKind;
  cutOff: ByKind;
  resets: ByKind;
  /** HTTP requests to Redis (Upstash REST or the bridge), by what they carried. */
  redisRequests: Record<string, number>;
  lag: LagWindow;
  /** The process's hub figures, once it has a hub (lib/hub registers it: the hub is not imported from here). */
  hubStats: (() => HubStats) | null;
}

export const tally: Tally = processGlobal("telemetry-tally", () => ({
  open: byKind(),
  opened: byKind(),
  delivered: byKind(),
  cutOff: byKind(),
  resets: byKind(),
  redisRequests: {},
  lag: new LagWindow(5000),
  hubStats: null,
}));

/** What /api/health reports of the streams. */
export function streamSummary(): { open_by_kind: ByKind; delivered_by_kind: ByKind; delivery_lag_ms: number } {
  return { open_by_kind: { ...tally.open }, delivered_by_kind: { ...tally.delivered }, delivery_lag_ms: tally.lag.maxMs };
}
