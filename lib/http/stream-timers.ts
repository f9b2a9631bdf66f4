// The timers one SSE stream holds, each counted in `streamMetrics.timers` for exactly as long as it is
// held — the leak tests and /api/health read that count, so no handle may outlive its stream uncounted.
import { streamMetrics } from "./stream-metrics";

export type TimerHandle = ReturnType<typeof setTimeout>;

export class StreamTimers {
  private readonly held = new Set<TimerHandle>();

  /** Calls `run` every `ms` until cleared. */
  every(ms: number, run: () => void): TimerHandle {
    return this.hold(setInterval(run, ms));
  }

  /** Calls `run` once after `ms` unless cancelled first; the handle is no longer held once it fires. */
  after(ms: number, run: () => void): TimerHandle {
    const handle = setTimeout(() => {
      this.drop(handle);
      run();
    }, ms);
    return this.hold(handle);
  }

  /** Cancels a timer this holds; one that fired or was cleared already is left alone. */
  cancel(handle: TimerHandle): void {
    // clearTimeout clears intervals too (the HTML timers model, which Node follows).
    if (this.drop(handle)) clearTimeout(handle);
  }

  /** Cancels every timer still held. */
  clear(): void {
    for (const handle of this.held) clearTimeout(handle);
    streamMetrics.timers -= this.held.size;
    this.held.clear();
  }

  private hold(handle: TimerHandle): TimerHandle {
    this.held.add(handle);
    streamMetrics.timers++;
    return handle;
  }

  private drop(handle: TimerHandle): boolean {
    if (!this.held.delete(handle)) return false;
    streamMetrics.timers--;
    return true;
  }
}
