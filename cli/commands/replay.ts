// `parley replay <run-id> [--speed N]`: a run played back from its stored events through the same
// presenters as `parley watch` (a dashboard on a terminal, plain lines in a pipe, envelopes with --json),
// at the run's own pace times N, long waits shortened (lib/runs/state/run-replay.ts). Ctrl-C stops it.
import { setTimeout as sleep } from "node:timers/promises";
import { isTerminalStatus } from "@/lib/runs/schemas";
import { playbackOffsets, replayBase } from "@/lib/runs/state/run-replay";
import type { Globals } from "../args";
import { EXIT, type ExitCode } from "../errors";
import type { Io } from "../io";
import { getRun } from "../run/follow";
import { readRunEvents } from "../run/history";
import { type Dashboard, dashboardReducer, hasEnded, initialDashboard } from "../run/model";
import { presenterFor } from "../run/presenters";
import { painter } from "../ui/text";

export async function replayCommand(c: { runId: string; speed: number }, g: Globals, io: Io): Promise<ExitCode> {
  const snapshot = await getRun(g.connection, c.runId);
  const events = await readRunEvents(g.connection, snapshot);
  if (events.length === 0) {
    io.stderr.write(`Run ${c.runId} has no stored events to replay.\n`);
    return EXIT.runFailed;
  }
  // The dashboard starts from the run before its first event; the events rebuild it, as they did live.
  const start = initialDashboard(snapshot);
  // The footer says what this is, and what Ctrl-C does here (it stops the replay; nothing is cancelled).
  const notice = `Replay at ${c.speed}× — Ctrl-C stops it`;
  let d: Dashboard = {
    ...start,
    stream: { ...start.stream, status: "live", data: replayBase(snapshot, events) },
    endedBy: null,
    notice,
  };
  const view = presenterFor(g.json, {
    io,
    paint: painter(g.color),
    server: g.connection.server,
    snapshot,
    initial: d,
    mayControl: false,
  });
  const stop = new AbortController();
  const onCtrlC = () => stop.abort();
  const offsets = playbackOffsets(events);
  view.start();
  process.on("SIGINT", onCtrlC);
  const began = Date.now();
  try {
    for (const [i, event] of events.entries()) {
      const due = began + (offsets[i] ?? 0) / c.speed - Date.now();
      if (due > 0) {
        await sleep(due, undefined, { signal: stop.signal }).catch((error: unknown) => {
          // Ctrl-C aborts the wait: the loop ends below.
          if (!stop.signal.aborted) throw error;
        });
      }
      if (stop.signal.aborted) break;
      d = dashboardReducer(d, { type: "stream", action: { type: "event", event }, at: Date.now() });
      view.update(d);
      view.event(event, d);
    }
  } finally {
    process.off("SIGINT", onCtrlC);
    view.close();
  }
  if (stop.signal.aborted) {
    view.detached();
    io.stderr.write(`Stopped the replay of run ${c.runId}.\n`);
    return EXIT.detached;
  }
  if (!hasEnded(d)) {
    view.detached();
    const still = isTerminalStatus(snapshot.run.status) ? "" : ` It goes on: parley watch ${c.runId}`;
    io.stderr.write(`Replayed run ${c.runId} up to its latest event.${still}\n`);
    return EXIT.ok;
  }
  view.ended(d);
  return d.stream.data.run.status === "completed" ? EXIT.ok : EXIT.runFailed;
}
