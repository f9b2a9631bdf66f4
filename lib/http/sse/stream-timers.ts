// The timers one SSE stream holds, each counted in `streamMetrics.timers` for exactly as long as it is
// held — the leak tests and /api/health read that count, so no handle may outlive its stream uncounted.
// They live on one process-wide wheel (timer-wheel.ts): a stream's keepalive and deadline are entries
// in a shared lane per delay, not Node timers of their own.
import { processGlobal } from "@/lib/process-global";
import { streamMetrics } from "./stream-metrics";
import { TimerWheel, type WheelEntry } from "./timer-wheel";

export type TimerHandle = WheelEntry;

const wheel = processGlobal("stream-timer-wheel", () => new TimerWheel());

export class StreamTimers {
  private readonly held = new Set<TimerHandle>();

  /** Calls `run` every `ms` until cleared. */
  every(ms: number, run: () => void): TimerHandle {
    return this.hold(wheel.every(ms, run));
  }

  /** Calls `run` once after `ms` unless cancelled first; the handle is no longer held once it fires. */
  after(ms: number, run: () => void): TimerHandle {
    const handle: TimerHandle = wheel.after(ms, () => {
      this.drop(handle);
      run();
    });
    return this.hold(handle);
  }

  /** Cancels a timer this holds; one that fired or was cleared already is left alone. */
  cancel(handle: TimerHandle): void {
    if (this.drop(handle)) wheel.cancel(handle);
  }

  /** Cancels every timer still held. */
  clear(): void {
    for (const handle of this.held) wheel.cancel(handle);
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
