// The engine's side of approval gates: which steps people approve before the run goes on, and at each
// gate either the decision they made (replayed from the run's history) or a gate opened now — then the
// run waits (RunWait) until they decide. The voting itself is in ./gates.ts.
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import type { RunEnvironment, RunSpec } from "../engine/environment";
import { RunWait, type StoredGate } from "../engine/replay";
import type { RunMemory } from "../engine/run-memory";
import { RunStop } from "../engine/run-stop";
import { preview, type TurnRecord, type TurnSpec } from "../engine/turn-record";

/** What a gate needs of the run it stops. */
export interface GatedRun {
  readonly run: RunSpec;
  readonly env: Pick<RunEnvironment, "openGate" | "turnFinished">;
  readonly memory: RunMemory;
  emit<T extends BuiltinEventType>(type: T, data: EventData<T>): Promise<void>;
  turn(spec: TurnSpec): Promise<TurnRecord>;
}

export class StepApproval {
  constructor(private readonly host: GatedRun) {}

  /** Whether step `step` (1-based) of `totalSteps` waits for people's approval. */
  wants(step: number, totalSteps: number): boolean {
    const { mode } = this.host.run.config.approval;
    return mode === "each_step" || (mode === "final" && step === totalSteps);
  }

  /**
   * Step `step`'s turn, approved: a redirect runs the agent's turn again with the people's instruction,
   * a reject ends the run.
   */
  async approvedTurn(spec: TurnSpec, step: number): Promise<TurnRecord> {
    const { host } = this;
    let turn = await host.turn(spec);
    for (;;) {
      const gate = await this.gate(turn, step);
      if (gate.decision === "approve") return turn;
      if (gate.decision === "reject") throw new RunStop("cancelled", "rejected", "rejected");
      turn.status = "superseded";
      await host.emit("agent.turn_superseded", { turn_id: turn.id, agent: turn.agent, reason: "redirected" });
      if (host.memory.live) await host.env.turnFinished(turn);
      turn = await host.turn({ ...spec, instruction: gate.note ?? "" });
    }
  }

  /** The gate after `turn`: decided already (replayed), or opened now — then the run waits for people. */
  private async gate(turn: TurnRecord, step: number): Promise<StoredGate> {
    const { host } = this;
    const { seq, stored } = host.memory.nextGate();
    if (stored) {
      if (!stored.decision) throw new RunWait(stored.id);
      return stored;
    }
    const { quorum, timeout_s, default_action } = host.run.config.approval;
    const timeoutAt = timeout_s === null ? null : new Date(Date.now() + timeout_s * 1000);
    const gate = await host.env.openGate({ seq, step, turn, quorum, timeoutAt, defaultAction: default_action });
    // Resolves once this event and every one emitted before it is published: people see the gate
    // before the run stops to wait at it.
    await host.emit("run.awaiting_approval", {
      gate_id: gate.id,
      step,
      agent: turn.agent,
      turn_id: turn.id,
      proposal_preview: preview(turn.text),
      quorum,
      timeout_at: timeoutAt?.toISOString() ?? null,
      default_action,
    });
    throw new RunWait(gate.id);
  }
}
