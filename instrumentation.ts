// Next calls register() once when a server process starts, before it serves: background work that
// belongs to the process, not to a request, starts here.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Route handlers cannot see the socket: its two ends are stamped on each request (limits per address, the
  // Host check), and slow uploads are bounded, by hooks on Node's HTTP server.
  const { installServerHooks } = await import("./lib/http/server/node-server");
  installServerHooks();
  await startOpenTelemetry();
  // Lost runs are picked up again and overdue gates decided on their own, even when nobody reads them here.
  const { startRunSweeper } = await import("./lib/runs/execution/lease");
  const { sweepRuns } = await import("./lib/runs/execution/execute");
  startRunSweeper(sweepRuns);
}

/** Metrics and traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing is loaded when it is not. */
async function startOpenTelemetry(): Promise<void> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  const { startTelemetry } = await import("./lib/telemetry/otel");
  startTelemetry();
}
