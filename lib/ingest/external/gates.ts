// An approval gate an external run's producer asks for: on a turn (the latest unless it names one),
// numbered after the run's earlier gates. People decide it as they decide any gate (lib/runs/steering);
// the decision goes back to the producer as `control.gate_decided` — Parley itself holds nothing up.
import { AppError } from "@/lib/errors";
import { preview } from "@/lib/runs/engine/turn-record";
import type { NewGate } from "./plan-types";
import type { ProducerData } from "./schemas";
import { findTurn, type TurnContext } from "./turns";

export function openGate(ctx: TurnContext, d: ProducerData<"run.awaiting_approval">, where: string): NewGate {
  const { state } = ctx;
  const turn = d.turn_id ? findTurn(ctx, d.turn_id, where) : state.turns.at(-1);
  if (!turn) {
    const issue = { path: `${where}.data.turn_id`, message: "a gate decides on a turn: start one first" };
    throw new AppError("validation_failed", `${where}: no turn to ask approval for`, { issues: [issue] });
  }
  state.gates += 1;
  const gate: NewGate = {
    id: `${state.runId}_g${state.gates}`,
    seq: state.gates,
    step: turn.seq,
    turnId: turn.id,
    agent: turn.agent,
    proposalPreview: preview(d.proposal_preview ?? turn.text),
    quorum: d.quorum,
    timeoutAt: d.timeout_s ? new Date(ctx.now + d.timeout_s * 1000) : null,
    defaultAction: d.default_action,
  };
  ctx.emit({
    type: "run.awaiting_approval",
    data: {
      gate_id: gate.id,
      step: gate.step,
      agent: gate.agent,
      turn_id: gate.turnId,
      proposal_preview: gate.proposalPreview,
      quorum: gate.quorum,
      timeout_at: gate.timeoutAt?.toISOString() ?? null,
      default_action: gate.defaultAction,
    },
  });
  return gate;
}
