// One stream's share of the stream metrics: opened and closed by kind, events written with their lag
// (publish → write, taken from the oldest event of each write), cut-offs and resets. The lag histogram
// of one synchronous pass (an event written to every reader) is recorded at its end, each distinct lag
// once with how many writes had it: the histogram is not touched once per reader.
import type { Envelope } from "@/lib/events/envelope";
import { recordDeliveryLag } from "./histograms";
import type { StreamKind } from "./stream-kind";
import { tally } from "./tally";

// Every reader of a channel gets the same envelope: its timestamp is parsed once, not once per reader.
let lastTs = "";
let lastTsMs = 0;
function publishedMs(ts: string): number {
  if (ts !== lastTs) {
    lastTs = ts;
    lastTsMs = Date.parse(ts);
  }
  return lastTsMs;
}

/** Lags of the pass under way: by kind, lag (ms) → writes. */
const passLags = new Map<StreamKind, Map<number, number>>();

function recordPassLags(): void {
  for (const [kind, lags] of passLags) {
    for (const [lag, writes] of lags) {
      recordDeliveryLag(kind, lag, writes);
    }
  }
  passLags.clear();
}

function recordLag(kind: StreamKind, lag: number): void {
  if (passLags.size === 0) queueMicrotask(recordPassLags);
  let lags = passLags.get(kind);
  if (!lags) {
    lags = new Map();
    passLags.set(kind, lags);
  }
  lags.set(lag, (lags.get(lag) ?? 0) + 1);
}

export class DeliveryMeter {
  private pending = 0;
  private oldestMs = 0;
  private open = true;

  constructor(private readonly kind: StreamKind) {
    tally.open[kind]++;
    tally.opened[kind]++;
  }

  /** An event was queued for this reader. */
  queued(event: Envelope): void {
    if (event.type === "stream.reset") tally.resets[this.kind]++;
    if (this.pending++ === 0) this.oldestMs = publishedMs(event.ts);
  }

  /** What was queued went out in one write. */
  written(): void {
    if (this.pending === 0) return;
    tally.delivered[this.kind] += this.pending;
    const lag = Math.max(0, Date.now() - this.oldestMs);
    tally.lag.record(lag);
    recordLag(this.kind, lag);
    this.pending = 0;
  }

  /** The reader fell behind: what was queued is dropped, not delivered. */
  cutOff(): void {
    tally.cutOff[this.kind]++;
    this.pending = 0;
  }

  closed(): void {
    if (!this.open) return;
    this.open = false;
    tally.open[this.kind]--;
  }
}
