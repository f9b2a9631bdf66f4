// Process-wide counters of SSE streams, read by /api/health and the leak tests.
import { processGlobal } from "@/lib/process-global";

export interface StreamMetrics {
  open: number;
  /** Interval and timeout handles currently held by open streams. */
  timers: number;
  opened_total: number;
  cut_off_total: number;
}

export const streamMetrics: StreamMetrics = processGlobal("stream-metrics", () => ({
  open: 0,
  timers: 0,
  opened_total: 0,
  cut_off_total: 0,
}));
