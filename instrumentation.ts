// Next calls register() once when a server process starts, before it serves: background work that
// belongs to the process, not to a request, starts here.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Limits per client address need the TCP peer's address, which route handlers cannot see.
  const { stampPeerAddresses } = await import("./lib/http/peer-address");
  stampPeerAddresses();
  await startOpenTelemetry();
  // Lost runs are picked up again and overdue gates decided on their own, even when nobody reads them here.
  const { startRunSweeper } = await import("./lib/runs/lease");
  const { sweepRuns } = await import("./lib/runs/execute");
  startRunSweeper(sweepRuns);
}

/** Metrics and traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing is loaded when it is not. */
async function startOpenTelemetry(): Promise<void> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  const { startTelemetry } = await import("./lib/telemetry/otel");
  startTelemetry();
}
