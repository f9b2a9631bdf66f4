// Cancel and pause for one run: applied at once when asked on this instance, polled from the shared
// state otherwise, and honoured between turns (checkpoint) — cancel also aborts the turn in flight.

import { pollEvery } from "@/lib/polling";
import type { Control, RunEnvironment } from "./environment";
import { cancelledStop, RunStop } from "./run-stop";
import { RunHandOff } from "./slice";

export class RunControls {
  private readonly cancel = new AbortController();
  private paused = false;
  private pauseWaiters: (() => void)[] = [];

  constructor(
    private readonly runId: string,
    private readonly env: Pick<RunEnvironment, "readControl" | "controlPollMs">,
  ) {}

  /** Aborts when the run stops early: cancelled, or out of budget. */
  get signal(): AbortSignal {
    return this.cancel.signal;
  }

  get cancelled(): boolean {
    return this.cancel.signal.aborted;
  }

  /** Ends the run early: every turn in flight aborts with `stop`, and the next checkpoint throws it. */
  stop(stop: RunStop): void {
    this.cancel.abort(stop);
    this.releasePause();
  }

  apply(control: Control | "resume"): void {
    if (control === "cancel") {
      this.stop(cancelledStop());
    } else if (control === "pause") {
      this.paused = true;
    } else {
      this.paused = false;
      this.releasePause();
    }
  }

  private releasePause() {
    for (const w of this.pauseWaiters.splice(0)) w();
  }

  /**
   * Polls the shared control state while the run lives, so a request to any instance reaches this one —
   * one read at a time. A failed read changes nothing: the run keeps the last control it knew.
   */
  watch(): () => void {
    return pollEvery(
      this.env.controlPollMs,
      async () => {
        let control: Control;
        try {
          control = await this.env.readControl();
        } catch (error) {
          console.error(`run ${this.runId}: reading controls failed; keeping the last known control`, error);
          return;
        }
        if (control === "cancel" && !this.cancelled) this.apply("cancel");
        else if (control === "pause" && !this.paused) this.apply("pause");
        else if (control === null && this.paused) this.apply("resume");
      },
      { name: `run ${this.runId}: watching controls` },
    );
  }

  /**
   * Between turns: throws if the run stopped; waits while paused, telling `on` when it pauses and resumes —
   * or, when `on.handOff()` says the slice is over, throws RunHandOff (the next slice waits on). Without
   * `on` (a run replaying its history) only a stop counts.
   */
  async checkpoint(on: { paused(): Promise<void>; resumed(): Promise<void>; handOff(): boolean } | null): Promise<void> {
    this.throwIfStopped();
    if (!this.paused || !on) return;
    await on.paused();
    while (this.paused && !this.cancelled) {
      if (on.handOff()) throw new RunHandOff();
      await new Promise<void>((resolve) => {
        this.pauseWaiters.push(resolve);
        setTimeout(resolve, this.env.controlPollMs);
      });
    }
    this.throwIfStopped();
    await on.resumed();
  }

  private throwIfStopped(): void {
    if (this.cancelled) throw this.cancel.signal.reason instanceof RunStop ? this.cancel.signal.reason : cancelledStop();
  }
}
