// Next calls register() once when a server process starts, before it serves: background work that
// belongs to the process, not to a request, starts here.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Lost runs are picked up again and overdue gates decided on their own, even when nobody reads them here.
  const { startRunSweeper } = await import("./lib/runs/lease");
  const { sweepRuns } = await import("./lib/runs/execute");
  startRunSweeper(sweepRuns);
}
