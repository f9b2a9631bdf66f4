// One Node timer per distinct delay, shared by every stream: 10,000 streams with the same keepalive
// and deadline hold two timers between them, not 20,000. Entries of one lane all have the same delay,
// so adding at the tail keeps each lane in due order and firing only ever looks at its head; a Set is
// that ordered list with O(1) removal.

export interface WheelEntry {
  due: number;
  readonly run: () => void;
  /** Set for a repeating entry: its period. */
  readonly every: number | null;
  lane: Lane | null;
}

class Lane {
  readonly entries = new Set<WheelEntry>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firing = false;

  constructor(
    readonly ms: number,
    private readonly now: () => number,
  ) {}

  add(entry: WheelEntry): void {
    entry.lane = this;
    this.entries.add(entry);
    // While firing, the lane is re-armed for its head afterwards.
    if (this.timer === null && !this.firing) this.arm(entry.due);
  }

  remove(entry: WheelEntry): void {
    this.entries.delete(entry);
    entry.lane = null;
    // Left armed for a head that is gone, the timer finds nothing due and re-arms; only an empty
    // lane lets go of it, so the process does not stay alive for nothing.
    if (this.entries.size === 0 && !this.firing) this.disarm();
  }

  private arm(due: number): void {
    this.disarm();
    this.timer = setTimeout(this.fire, Math.max(0, due - this.now()));
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.firing = true;
    const now = this.now();
    // Entries re-added by this firing have due > now, so the loop ends at them.
    for (const entry of this.entries) {
      if (entry.due > now) break;
      this.entries.delete(entry);
      if (entry.every !== null) {
        entry.due = now + entry.every;
        this.entries.add(entry);
      } else {
        entry.lane = null;
      }
      try {
        entry.run();
      } catch (error) {
        // One stream's failing timer must not stop the others'.
        console.error("stream timer failed", error);
      }
    }
    this.firing = false;
    const head = this.entries.values().next();
    if (head.done) this.disarm();
    else this.arm(head.value.due);
  };
}

export class TimerWheel {
  private readonly lanes = new Map<number, Lane>();

  // Read through a closure, not captured: tests install fake clocks after the wheel exists.
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Calls `run` once after `ms`. */
  after(ms: number, run: () => void): WheelEntry {
    return this.add(ms, run, null);
  }

  /** Calls `run` every `ms` until cancelled. */
  every(ms: number, run: () => void): WheelEntry {
    return this.add(ms, run, ms);
  }

  /** Cancels an entry; one that fired (once) or was cancelled already is left alone. */
  cancel(entry: WheelEntry): void {
    entry.lane?.remove(entry);
  }

  /** Entries waiting, over all lanes (for tests). */
  get size(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.entries.size;
    return n;
  }

  private add(ms: number, run: () => void, every: number | null): WheelEntry {
    const delay = Math.max(1, Math.round(ms));
    let lane = this.lanes.get(delay);
    if (!lane) {
      lane = new Lane(delay, this.now);
      this.lanes.set(delay, lane);
    }
    const entry: WheelEntry = { due: this.now() + delay, run, every: every === null ? null : delay, lane: null };
    lane.add(entry);
    return entry;
  }
}
