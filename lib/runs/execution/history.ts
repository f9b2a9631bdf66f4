import "server-only";
// A run's stored history, as the engine replays it when the run is picked up again.
import { getDb } from "@/lib/db/client";
import type { AgentTurn } from "@/lib/db/generated/client";
import type { RunHistory } from "../engine/replay";
import type { TurnRecord } from "../engine/turn-record";
import { toolRecordSchema } from "../schemas";

export function turnRecord(row: AgentTurn): TurnRecord {
  const { runId: _r, startedAt: _s, finishedAt: _f, tools, ...rest } = row;
  return { ...rest, tools: toolRecordSchema.array().parse(tools) };
}

export async function loadHistory(runId: string): Promise<RunHistory> {
  const db = await getDb();
  const [turns, gates] = await Promise.all([
    db.agentTurn.findMany({ where: { runId }, orderBy: { seq: "asc" } }),
    db.runGate.findMany({ where: { runId }, orderBy: { seq: "asc" } }),
  ]);
  return {
    turns: turns.map(turnRecord),
    gates: gates.map((g) => ({ id: g.id, seq: g.seq, turnId: g.turnId, decision: g.decision, note: g.note })),
  };
}
