// A run picked up again — after a gate was decided, or after the instance running it died — is run
// from its start once more, on its stored history: each turn that already happened is handed back
// instead of calling the model, each gate already met gives its decision, and the events they caused
// are not published twice. The first turn with no stored result (or the one that was interrupted) is
// where the run goes live again.
import type { GateDecision } from "../steering/schemas";
import type { TurnRecord } from "./turn-record";

export interface StoredGate {
  id: string;
  seq: number;
  turnId: string;
  decision: GateDecision | null;
  note: string | null;
}

export interface RunHistory {
  /** Every stored turn, in seq order. */
  turns: TurnRecord[];
  gates: StoredGate[];
}

type Item = { kind: "turn"; turn: TurnRecord } | { kind: "interrupted"; turn: TurnRecord } | { kind: "gate"; gate: StoredGate };

export class Replay {
  private readonly items: Item[] = [];
  /** The highest turn seq stored: new turns are numbered after it. */
  readonly lastSeq: number;

  constructor(history: RunHistory | null) {
    this.lastSeq = Math.max(0, ...(history?.turns.map((t) => t.seq) ?? []));
    if (!history) return;
    const gatesOf = (turnId: string) => history.gates.filter((g) => g.turnId === turnId).sort((a, b) => a.seq - b.seq);
    for (const turn of history.turns) {
      const gates = gatesOf(turn.id);
      // A superseded turn no gate sent back was an attempt cut short by its instance's death: its retry follows it.
      if (turn.status === "superseded" && gates.length === 0) continue;
      this.items.push(turn.status === "running" ? { kind: "interrupted", turn } : { kind: "turn", turn });
      for (const gate of gates) this.items.push({ kind: "gate", gate });
    }
  }

  get done(): boolean {
    return this.items.length === 0;
  }

  /** The stored turn the run's next turn is, if it already happened; null when the run goes live here. */
  nextTurn(agent: string): Item | null {
    const next = this.items[0];
    if (!next || next.kind === "gate") return null;
    if (next.turn.agent !== agent) {
      throw new Error(`replay diverged: expected a turn of ${next.turn.agent}, the run asked for ${agent}`);
    }
    this.items.shift();
    return next;
  }

  nextGate(): StoredGate | null {
    const next = this.items[0];
    if (next?.kind !== "gate") return null;
    this.items.shift();
    return next.gate;
  }
}

/** Thrown through the strategy when the run must wait for people at a gate: the run stops here and holds nothing. */
export class RunWait extends Error {
  constructor(readonly gateId: string) {
    super(`waiting at gate ${gateId}`);
  }
}
