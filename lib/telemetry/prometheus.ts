// The Prometheus view of the same figures (GET /api/metrics, for self-hosting): counters and gauges read
// from the tally when scraped, the two histograms recorded as they happen (delivery lags a pass of writes at
// a time), plus Node's process metrics.
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from "prom-client";
import type { HubStats } from "@/lib/hub/types";
import { processGlobal } from "@/lib/process-global";
import { CountedHistogram } from "./counted-histogram";
import { STREAM_KINDS } from "./stream-kind";
import { type ByKind, tally } from "./tally";

const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A counter whose value is read from the tally at scrape time. */
function tallyCounter(registry: Registry, name: string, help: string, read: () => ByKind) {
  return new Counter({
    name,
    help,
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      this.reset();
      const values = read();
      for (const kind of STREAM_KINDS) this.inc({ kind }, values[kind]);
    },
  });
}

/** The hub's retention, read from its stats at scrape time (nothing until the process has a hub). */
function hubGauges(registry: Registry) {
  const gauge = (name: string, help: string, read: (stats: HubStats) => number | null) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = tally.hubStats?.();
        const value = stats ? read(stats) : null;
        if (value !== null) this.set(value);
      },
    });
  gauge(
    "parley_hub_retained_bytes",
    "What the hub's retained history takes (memory: estimated heap; upstash: Redis bytes as of this instance's last publish)",
    (s) => s.retainedBytes,
  );
  gauge("parley_hub_max_bytes", "The hub's budget for retained history (PARLEY_HUB_MAX_BYTES)", (s) => s.maxBytes);
  gauge("parley_hub_channels", "Channels the hub holds on this instance", (s) => s.channels);
  gauge("parley_hub_subscribers", "Hub subscribers on this instance", (s) => s.subscribers);
  new Counter({
    name: "parley_hub_evicted_bytes_total",
    help: "History dropped to keep the hub within its budget (upstash: by this instance's publishes)",
    registers: [registry],
    collect() {
      this.reset();
      const stats = tally.hubStats?.();
      if (stats) this.inc(stats.evictedBytes);
    },
  });
}

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "parley_streams_open",
    help: "SSE streams open now, by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      for (const kind of STREAM_KINDS) this.set({ kind }, tally.open[kind]);
    },
  });
  tallyCounter(registry, "parley_streams_opened_total", "SSE streams opened, by kind", () => tally.opened);
  tallyCounter(registry, "parley_events_delivered_total", "Events written to readers, by stream kind", () => tally.delivered);
  tallyCounter(registry, "parley_readers_cut_off_total", "Readers cut off for falling behind", () => tally.cutOff);
  tallyCounter(registry, "parley_stream_resets_total", "stream.reset events sent to readers", () => tally.resets);
  new Counter({
    name: "parley_redis_requests_total",
    help: "HTTP requests to Redis (Upstash REST or the bridge), by what they carried",
    labelNames: ["op"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [op, n] of Object.entries(tally.redisRequests)) this.inc({ op }, n);
    },
  });
  hubGauges(registry);
  // Recorded a pass of writes at a time (delivery-meter.ts): a histogram that takes counts.
  const deliveryLag = new CountedHistogram(
    "parley_stream_delivery_lag_seconds",
    "Time from an event's publication to its write to a reader",
    "kind",
    LATENCY_BUCKETS_S,
  );
  registry.registerMetric(deliveryLag as unknown as Metric);
  const hubPublish = new Histogram({
    name: "parley_hub_publish_duration_seconds",
    help: "Time a hub publish takes",
    labelNames: ["hub"],
    buckets: LATENCY_BUCKETS_S,
    registers: [registry],
  });
  return { registry, deliveryLag, hubPublish };
}

export const promMetrics = () => processGlobal("telemetry-prometheus", create);

/** The scrape: every metric in Prometheus text exposition format. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = promMetrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
