// OpenTelemetry for the process (called from instrumentation.ts): traces and metrics over OTLP/HTTP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set; when it is not, nothing is registered and every instrument and
// tracer stays the API's no-op.
import { type Meter, metrics, type ObservableResult } from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { registerOTel } from "@vercel/otel";
import { env } from "@/lib/env";
import type { HubStats } from "@/lib/hub/types";
import { METER_NAME, otelState } from "./histograms";
import { STREAM_KINDS } from "./stream-kind";
import { type ByKind, tally } from "./tally";

export function startTelemetry(): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return false;
  const reader = new PeriodicExportingMetricReader({
    // OTLP/HTTP with JSON encoding: every collector accepts it, and it needs no protobuf runtime.
    exporter: new OTLPMetricExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/metrics` }),
    exportIntervalMillis: env.OTEL_METRIC_EXPORT_INTERVAL,
    exportTimeoutMillis: Math.min(30_000, env.OTEL_METRIC_EXPORT_INTERVAL),
  });
  // Traces: @vercel/otel's own OTLP exporter, configured by OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL.
  registerOTel({ serviceName: env.OTEL_SERVICE_NAME, metricReaders: [reader] });
  observeTally(metrics.getMeter(METER_NAME));
  otelState.enabled = true;
  return true;
}

/** The counted figures, read from the tally at each collection (nothing is done per event for them). */
function observeTally(meter: Meter): void {
  const perKind = (name: string, description: string, read: () => ByKind, unit = "{event}") =>
    meter.createObservableCounter(name, { description, unit }).addCallback((result) => {
      const values = read();
      for (const kind of STREAM_KINDS) result.observe(values[kind], { "parley.stream.kind": kind });
    });
  meter
    .createObservableUpDownCounter("parley.streams.open", { description: "SSE streams open now", unit: "{stream}" })
    .addCallback((result) => {
      for (const kind of STREAM_KINDS) result.observe(tally.open[kind], { "parley.stream.kind": kind });
    });
  perKind("parley.streams.opened", "SSE streams opened", () => tally.opened, "{stream}");
  perKind("parley.stream.events_delivered", "Events written to readers", () => tally.delivered);
  perKind("parley.stream.readers_cut_off", "Readers cut off for falling behind", () => tally.cutOff, "{reader}");
  perKind("parley.stream.resets", "stream.reset events sent to readers", () => tally.resets);
  meter
    .createObservableCounter("parley.redis.requests", { description: "HTTP requests to Redis", unit: "{request}" })
    .addCallback((result) => {
      for (const [op, n] of Object.entries(tally.redisRequests)) result.observe(n, { "parley.redis.op": op });
    });
  observeHub(meter);
}

/** The hub's retention against its budget (see HubStats), once the process has a hub. */
function observeHub(meter: Meter): void {
  const hubFigure = (read: (stats: HubStats) => number | null) => (result: ObservableResult) => {
    const stats = tally.hubStats?.();
    const value = stats ? read(stats) : null;
    if (value !== null) result.observe(value);
  };
  meter
    .createObservableGauge("parley.hub.retained", { description: "What the hub's retained history takes", unit: "By" })
    .addCallback(hubFigure((s) => s.retainedBytes));
  meter
    .createObservableGauge("parley.hub.budget", { description: "The hub's budget for retained history", unit: "By" })
    .addCallback(hubFigure((s) => s.maxBytes));
  meter
    .createObservableCounter("parley.hub.evicted", { description: "History dropped to keep within the budget", unit: "By" })
    .addCallback(hubFigure((s) => s.evictedBytes));
}
