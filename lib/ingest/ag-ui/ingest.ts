import "server-only";
// Taking AG-UI events into an external run: checked by @ag-ui/core's schemas, mapped (inbound.ts) from
// where the producer's stream stood, then through the run's lifecycle rules — one batch, all or nothing.
// Frames with an SSE `id:` at or before the last one taken are skipped, so a cut pipe can be sent again.
import type { QuotaMeter } from "@/lib/auth/quotas";
import { type Ingested, ingestBatch } from "@/lib/ingest/external/ingest";
import { InboundMapper } from "./inbound";
import { checkAgUiEvent, inboundState, isAfter } from "./inbound-state";

/** One AG-UI event as it arrived, with its SSE `id:` when it came in a frame that had one. */
export interface AgUiFrame {
  id?: string;
  value: unknown;
}

export function ingestAgUi(runId: string, frames: readonly AgUiFrame[], offset = 0): Promise<Ingested> {
  return ingestBatch(runId, (_run, stored) => {
    const mapper = new InboundMapper(inboundState(stored));
    let skipped = 0;
    frames.forEach((frame, i) => {
      if (frame.id !== undefined && !isAfter(frame.id, mapper.state.lastId)) {
        skipped++;
        return;
      }
      mapper.push(checkAgUiEvent(frame.value, offset + i), offset + i);
      if (frame.id !== undefined) mapper.state.lastId = frame.id;
    });
    return { items: mapper.items, cursor: mapper.state, skipped };
  });
}

/**
 * Frames arriving one by one (a piped SSE body, an agent Parley calls) taken in small batches, in order:
 * often enough that watchers see tokens live, seldom enough that a token is not a transaction. The first
 * refused batch stops it; `drain` then rejects with that error.
 */
export class AgUiBatcher {
  private pending: AgUiFrame[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private failure: unknown = null;
  private taken = 0;
  readonly totals: Pick<Ingested, "accepted" | "skipped" | "status" | "last_event_id"> = {
    accepted: 0,
    skipped: 0,
    status: "running",
    last_event_id: null,
  };

  constructor(
    private readonly runId: string,
    /** The producer's quota, charged for each batch before it is taken (none when Parley pulls the events itself). */
    private readonly meter: QuotaMeter | null = null,
    private readonly limits = { maxFrames: 50, maxWaitMs: 50 },
  ) {}

  get failed(): unknown {
    return this.failure;
  }

  push(frame: AgUiFrame): void {
    if (this.failure) return;
    this.pending.push(frame);
    if (this.pending.length >= this.limits.maxFrames) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.maxWaitMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0);
    if (batch.length === 0 || this.failure) return;
    const offset = this.taken;
    this.taken += batch.length;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        if (this.meter) {
          this.meter.events(batch.length);
          await this.meter.settle();
        }
        const done = await ingestAgUi(this.runId, batch, offset);
        this.totals.accepted += done.accepted;
        this.totals.skipped += done.skipped;
        this.totals.status = done.status;
        this.totals.last_event_id = done.last_event_id ?? this.totals.last_event_id;
      } catch (error) {
        this.failure = error;
      }
    });
  }

  /** Everything pushed, taken in (or the first refusal thrown). */
  async drain(): Promise<Ingested> {
    this.flush();
    await this.chain;
    if (this.failure) throw this.failure;
    return { ...this.totals };
  }
}
