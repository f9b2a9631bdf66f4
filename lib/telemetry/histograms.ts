// The two measured durations, recorded into Prometheus always and into OpenTelemetry only when an
// exporter is configured (then the global meter provider is real; otherwise nothing is created).
import { metrics, type Histogram as OtelHistogram } from "@opentelemetry/api";
import { processGlobal } from "@/lib/process-global";
import { promMetrics } from "./prometheus";
import type { StreamKind } from "./stream-kind";

export const METER_NAME = "parley";

interface OtelHistograms {
  deliveryLag: OtelHistogram;
  hubPublish: OtelHistogram;
}

/** Set by startTelemetry (instrumentation.ts, another bundle: hence process-wide) once export is on. */
export const otelState = processGlobal("telemetry-otel", (): { enabled: boolean; histograms: OtelHistograms | null } => ({
  enabled: false,
  histograms: null,
}));

// Instruments are made on first use, after instrumentation.ts registered the meter provider.
function otel(): OtelHistograms | null {
  if (!otelState.enabled) return null;
  if (!otelState.histograms) {
    const meter = metrics.getMeter(METER_NAME);
    otelState.histograms = {
      deliveryLag: meter.createHistogram("parley.stream.delivery_lag", {
        description: "Time from an event's publication to its write to a reader",
        unit: "ms",
      }),
      hubPublish: meter.createHistogram("parley.hub.publish.duration", {
        description: "Time a hub publish takes, until its events are appended and handed to local readers",
        unit: "ms",
      }),
    };
  }
  return otelState.histograms;
}

/** `writes` writes to readers of `kind` that came `ms` after their event's publication. */
export function recordDeliveryLag(kind: StreamKind, ms: number, writes = 1): void {
  promMetrics().deliveryLag.observe(kind, ms / 1000, writes);
  const histograms = otel();
  if (histograms) for (let i = 0; i < writes; i++) histograms.deliveryLag.record(ms, { "parley.stream.kind": kind });
}

export function recordHubPublish(hub: string, ms: number): void {
  promMetrics().hubPublish.observe({ hub }, ms / 1000);
  otel()?.hubPublish.record(ms, { "parley.hub.kind": hub });
}
