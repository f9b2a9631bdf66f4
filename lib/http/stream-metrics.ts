// Process-wide counters of SSE streams, read by /api/health and the leak tests.

export interface StreamMetrics {
  open: number;
  /** Interval and timeout handles currently held by open streams. */
  timers: number;
  opened_total: number;
  cut_off_total: number;
}

const g = globalThis as unknown as { parleyStreamMetrics?: StreamMetrics };

g.parleyStreamMetrics ??= { open: 0, timers: 0, opened_total: 0, cut_off_total: 0 };

export const streamMetrics: StreamMetrics = g.parleyStreamMetrics;
