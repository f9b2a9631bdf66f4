// Following one run to its end: its events from the first one, each applied once (by cursor); after a
// `stream.reset`, or when the stream has been quiet for a while, the snapshot is fetched again and is
// the truth. A run whose server died therefore ends the way the server records it, not in a hang.
// A server that is away is asked again, waiting longer each time; one that refuses (the run is gone, or
// no longer ours to see) ends the following with its reason, and so does a bug.
import { backoffMs } from "@/lib/backoff";
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import { isTerminalStatus } from "@/lib/runs/schemas";
import type { RunSnapshot } from "@/lib/runs/views";
import { type Connection, request } from "../api";
import { CliError } from "../errors";
import { follow, RECONNECT_BACKOFF } from "../sse";
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

export function followRun(o: FollowRunOptions): Promise<Dashboard> {
  return new RunFollower(o).follow();
}

/** One run followed: its dashboard, and what the stream, the snapshot reloads and the watchdog share. */
class RunFollower {
  private d: Dashboard;
  private readonly runId: string;
  /** Aborted when the run has ended or the caller detached: the stream stops. */
  private readonly done = new AbortController();
  private lastActivity = Date.now();
  private refetching = false;
  /** Events that arrived while the snapshot was being fetched, applied on top of it. */
  private waiting: Envelope[] = [];
  private retry: ReturnType<typeof setTimeout> | undefined;
  /** Snapshot requests that failed in a row because the server was away: the wait before the next grows. */
  private failedReloads = 0;
  /** Why following stopped before the run ended: a refusal or a bug, rethrown to the caller. */
  private failure: { error: unknown } | null = null;

  constructor(private readonly o: FollowRunOptions) {
    this.d = initialDashboard(o.snapshot);
    this.runId = o.snapshot.run.run_id;
  }

  async follow(): Promise<Dashboard> {
    if (hasEnded(this.d)) return this.d;
    const { o, runId } = this;
    const stopAll = () => this.done.abort();
    o.signal.addEventListener("abort", stopAll, { once: true });
    const watchdog = this.watchForStall(o.stallMs ?? 15_000);
    try {
      await follow({
        connection: o.connection,
        path: `/api/v1/runs/${encodeURIComponent(runId)}/events`,
        what: `run ${runId}`,
        // A run stream without a cursor starts from the run's first event: the whole run, tokens included.
        cursor: null,
        signal: this.done.signal,
        maxOfflineMs: o.maxOfflineMs,
        onEvent: (event) => (this.refetching ? this.waiting.push(event) : this.apply(event)),
        onStatus: (status) =>
          this.dispatch({
            type: "stream",
            action: { type: status === "live" ? "open" : status === "connecting" ? "connect" : "drop" },
            at: Date.now(),
          }),
      });
    } finally {
      clearInterval(watchdog);
      clearTimeout(this.retry);
      o.signal.removeEventListener("abort", stopAll);
    }
    if (this.failure) throw this.failure.error;
    return this.d;
  }

  /** Stops following for a reason retrying cannot fix. */
  private fail(error: unknown): void {
    this.failure ??= {
      error:
        error instanceof CliError ? new CliError(error.exitCode, `Stopped following run ${this.runId}: ${error.message}`) : error,
    };
    this.done.abort();
  }

  private dispatch(action: DashboardAction): void {
    const next = dashboardReducer(this.d, action);
    if (next === this.d) return;
    this.d = next;
    this.o.onChange?.(next);
    if (hasEnded(next)) this.done.abort();
  }

  private apply(event: Envelope): void {
    const before = this.d.stream;
    this.dispatch({ type: "stream", action: { type: "event", event }, at: Date.now() });
    if (this.d.stream === before) return; // a replayed duplicate
    this.lastActivity = Date.now();
    if (this.d.notice && event.type !== "stream.reset") this.dispatch({ type: "notice", text: null });
    this.o.onEvent?.(event, this.d);
    const typed = asBuiltinEvent(event);
    if (typed?.type === "stream.reset") void this.reload(`The stream was reset (${typed.data.reason})`);
  }

  /** Asks the server again whenever the stream has been quiet for `stallMs`. */
  private watchForStall(stallMs: number): ReturnType<typeof setInterval> {
    return setInterval(
      () => {
        if (!this.refetching && Date.now() - this.lastActivity > stallMs) void this.reload(null);
      },
      Math.max(250, stallMs / 3),
    );
  }

  /** Fetches the snapshot; events arriving meanwhile wait and are applied on top of it. */
  private async reload(why: string | null): Promise<void> {
    if (this.refetching || this.done.signal.aborted) return;
    this.refetching = true;
    try {
      this.applySnapshot(await getRun(this.o.connection, this.runId, AbortSignal.timeout(15_000)), why);
    } catch (error) {
      this.reloadFailed(error, why);
    }
    this.refetching = false;
    const queued = this.waiting;
    this.waiting = [];
    try {
      for (const event of queued) this.apply(event);
    } catch (error) {
      this.fail(error);
    }
  }

  private applySnapshot(snapshot: RunSnapshot, why: string | null): void {
    this.failedReloads = 0;
    this.lastActivity = Date.now();
    if (why) {
      this.dispatch({ type: "snapshot", snapshot });
      this.dispatch({ type: "notice", text: `${why}: showing the run's stored state.` });
    } else if (isTerminalStatus(snapshot.run.status)) {
      // The run ended without its terminal event reaching us (its server died and it was declared lost).
      this.dispatch({ type: "snapshot", snapshot });
    } else if (snapshot.run.status === "running") {
      // Only a notice: the stored state lacks the text still streaming, so it must not replace ours.
      this.dispatch({ type: "notice", text: "No events for a while; the server still reports the run as running." });
    }
  }

  /** A server that is away is asked again; a refusal (403, 404…) or a bug stops the following. */
  private reloadFailed(error: unknown, why: string | null): void {
    if (!(error instanceof CliError && error.retryable)) {
      this.fail(error);
      return;
    }
    // After a reset the snapshot is needed: try again, waiting longer each time; otherwise the next
    // quiet-stream poll will.
    this.failedReloads++;
    if (why) this.retry = setTimeout(() => void this.reload(why), backoffMs(this.failedReloads, RECONNECT_BACKOFF));
  }
}
