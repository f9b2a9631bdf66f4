// A run's stored events, read once: its stream from the first event to the newest event the snapshot
// named (`last_event_id`). The stream ends after the run's terminal event; following it on (cli/sse.ts
// resumes after the last id) reads what came later, such as comments on the finished run.
import { compareCursors } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import type { RunSnapshot } from "@/lib/runs/views";
import type { Connection } from "../api";
import { CliError, EXIT } from "../errors";
import { follow } from "../sse";

export async function readRunEvents(connection: Connection, snapshot: RunSnapshot): Promise<Envelope[]> {
  const runId = snapshot.run.run_id;
  const head = snapshot.last_event_id;
  const events: Envelope[] = [];
  if (!head) return events;
  const done = new AbortController();
  let trimmed = false;
  await follow({
    connection,
    path: `/api/v1/runs/${encodeURIComponent(runId)}/events`,
    what: `run ${runId}`,
    cursor: null,
    signal: done.signal,
    onStatus: () => {},
    onEvent: (event) => {
      // The server no longer holds the run's first events: what is left would replay a different run.
      if (event.type === "stream.reset") {
        trimmed = true;
        return done.abort();
      }
      const last = events.at(-1);
      if (last && compareCursors(event.id, last.id) <= 0) return;
      events.push(event);
      if (compareCursors(event.id, head) >= 0) done.abort();
    },
    failFast: true,
  });
  if (trimmed) {
    throw new CliError(
      EXIT.runFailed,
      `The server no longer holds all of run ${runId}'s events, so it cannot be replayed; its record: parley watch ${runId}`,
    );
  }
  return events;
}
