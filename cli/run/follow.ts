// Following one run to its end: its events from the first one, each applied once (by cursor); after a
// `stream.reset`, or when the stream has been quiet for a while, the snapshot is fetched again and is
// the truth. A run whose server died therefore ends the way the server records it, not in a hang.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import { isTerminalStatus } from "@/lib/runs/schemas";
import type { RunSnapshot } from "@/lib/runs/views";
import { type Connection, request } from "../api";
import { follow } from "../sse";
import { type Dashboard, type DashboardAction, dashboardReducer, hasEnded, initialDashboard } from "./model";

export interface FollowRunOptions {
  connection: Connection;
  snapshot: RunSnapshot;
  /** Aborting it detaches: the run goes on, the promise resolves with the state so far. */
  signal: AbortSignal;
  /** Every change of the dashboard (events, connection, notices). */
  onChange?(d: Dashboard): void;
  /** Each new event once, in order, after it was applied. */
  onEvent?(event: Envelope, d: Dashboard): void;
  /** Ask the server again after this long without an event (a quiet stream may hide a lost run). */
  stallMs?: number;
  maxOfflineMs?: number;
}

export function getRun(connection: Connection, runId: string, signal?: AbortSignal): Promise<RunSnapshot> {
  return request<RunSnapshot>(connection, "GET", `/api/v1/runs/${encodeURIComponent(runId)}`, {
    what: `run ${runId}`,
    signal,
  });
}

export async function followRun(o: FollowRunOptions): Promise<Dashboard> {
  let d = initialDashboard(o.snapshot);
  const runId = o.snapshot.run.run_id;
  if (hasEnded(d)) return d;

  const done = new AbortController();
  const stopAll = () => done.abort();
  o.signal.addEventListener("abort", stopAll, { once: true });
  const dispatch = (action: DashboardAction) => {
    const next = dashboardReducer(d, action);
    if (next === d) return;
    d = next;
    o.onChange?.(d);
    if (hasEnded(d)) done.abort();
  };

  let lastActivity = Date.now();
  let refetching = false;
  let waiting: Envelope[] = [];
  let retry: ReturnType<typeof setTimeout> | undefined;

  const apply = (event: Envelope) => {
    const before = d.stream;
    dispatch({ type: "stream", action: { type: "event", event }, at: Date.now() });
    if (d.stream === before) return; // a replayed duplicate
    lastActivity = Date.now();
    if (d.notice && event.type !== "stream.reset") dispatch({ type: "notice", text: null });
    o.onEvent?.(event, d);
    const typed = asBuiltinEvent(event);
    if (typed?.type === "stream.reset") void reload(`The stream was reset (${typed.data.reason})`);
  };

  /** Fetches the snapshot; events arriving meanwhile wait and are applied on top of it. */
  const reload = async (why: string | null) => {
    if (refetching || done.signal.aborted) return;
    refetching = true;
    try {
      const snapshot = await getRun(o.connection, runId, AbortSignal.timeout(15_000));
      lastActivity = Date.now();
      if (why) {
        dispatch({ type: "snapshot", snapshot });
        dispatch({ type: "notice", text: `${why}: showing the run's stored state.` });
      } else if (isTerminalStatus(snapshot.run.status)) {
        // The run ended without its terminal event reaching us (its server died and it was declared lost).
        dispatch({ type: "snapshot", snapshot });
      } else if (snapshot.run.status === "running") {
        // Only a notice: the stored state lacks the text still streaming, so it must not replace ours.
        dispatch({ type: "notice", text: "No events for a while; the server still reports the run as running." });
      }
    } catch {
      // The server is away or still starting. After a reset the snapshot is needed: try again soon;
      // otherwise the next quiet-stream poll will.
      if (why) retry = setTimeout(() => void reload(why), 1000);
    } finally {
      refetching = false;
      const queued = waiting;
      waiting = [];
      for (const event of queued) apply(event);
    }
  };

  const stallMs = o.stallMs ?? 15_000;
  const watchdog = setInterval(
    () => {
      if (!refetching && Date.now() - lastActivity > stallMs) void reload(null);
    },
    Math.max(250, stallMs / 3),
  );

  try {
    await follow({
      connection: o.connection,
      path: `/api/v1/runs/${encodeURIComponent(runId)}/events`,
      what: `run ${runId}`,
      // A run stream without a cursor starts from the run's first event: the whole run, tokens included.
      cursor: null,
      signal: done.signal,
      maxOfflineMs: o.maxOfflineMs,
      onEvent: (event) => (refetching ? waiting.push(event) : apply(event)),
      onStatus: (status) =>
        dispatch({
          type: "stream",
          action: { type: status === "live" ? "open" : status === "connecting" ? "connect" : "drop" },
          at: Date.now(),
        }),
    });
  } finally {
    clearInterval(watchdog);
    clearTimeout(retry);
    o.signal.removeEventListener("abort", stopAll);
  }
  return d;
}
