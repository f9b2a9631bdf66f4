// What a run remembers while it executes, so that it can be picked up again: its place in its stored
// history (replayed, not published twice), its gates met so far, and the notes each agent has read.

import { type Note, unseenNotes } from "../steering/notes-in-prompt";
import { Replay, type Replay as ReplayType, type RunHistory, type StoredGate } from "./replay";

export type ReplayedTurn = NonNullable<ReturnType<ReplayType["nextTurn"]>>;

export class RunMemory {
  private readonly replay: Replay;
  /** False while the run replays its stored history: what it emits then was published before. */
  live: boolean;
  private gateSeq = 0;
  private readonly seen = new Map<string, Set<string>>();

  /**
   * `announce`: the history was never published on this run's channel — a fork's inherited turns, on
   * its first execution — so what the run emits while it goes through it goes out (whole turns, no tokens).
   */
  constructor(history: RunHistory | null, options: { announce?: boolean } = {}) {
    this.replay = new Replay(history);
    this.live = this.replay.done || options.announce === true;
  }

  /** Every stored turn and gate has been met: what the run does from here on is new. */
  get replayDone(): boolean {
    return this.replay.done;
  }

  /** The highest turn seq stored: new turns are numbered after it. */
  get lastSeq(): number {
    return this.replay.lastSeq;
  }

  /** The stored turn the run's next turn is; anything else (interrupted, or none) and the run is live. */
  nextTurn(agent: string): ReplayedTurn | null {
    const item = this.replay.nextTurn(agent);
    if (item?.kind !== "turn") this.live = true;
    return item;
  }

  /** The next gate's number, and its stored decision when the run met it before. */
  nextGate(): { seq: number; stored: StoredGate | null } {
    const seq = ++this.gateSeq;
    const stored = this.replay.nextGate();
    if (!stored || this.replay.done) this.live = true;
    return { seq, stored };
  }

  /** `agent` read these notes in a turn that stands. */
  read(agent: string, ids: readonly string[]): void {
    const seen = this.seen.get(agent) ?? new Set<string>();
    for (const id of ids) seen.add(id);
    this.seen.set(agent, seen);
  }

  unseen(notes: readonly Note[], agent: string): Note[] {
    return unseenNotes(notes, agent, this.seen.get(agent) ?? new Set());
  }
}
