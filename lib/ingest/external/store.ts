import "server-only";
// An external run in the database: read back as the checker's state, and a checked batch written in one
// transaction that also proves no other batch was written since the read (runs.ingest_seq).
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { AgentTurn, Prisma, Run } from "@/lib/db/generated/client";
import { outcomeData, totalsData, turnData } from "@/lib/runs/execution/persistence";
import { runConfigSchema, toolRecordSchema, verdictSchema } from "@/lib/runs/schemas";
import type { RunHoldings } from "./caps";
import type { ExternalRunState, IngestPlan } from "./plan-types";

export function externalState(run: Run, turns: AgentTurn[], gates: number): ExternalRunState {
  const config = runConfigSchema.parse(run.config);
  return {
    runId: run.id,
    status: run.status,
    startedAtMs: (run.startedAt ?? run.createdAt).getTime(),
    agents: config.agents,
    turns: turns.map(({ runId: _r, startedAt, finishedAt: _f, tools, ...turn }) => ({
      ...turn,
      tools: toolRecordSchema.array().parse(tools),
      startedAtMs: startedAt.getTime(),
    })),
    totals: { inputTokens: run.inputTokens, outputTokens: run.outputTokens, costUsd: run.costUsd },
    verdict: verdictSchema.nullable().parse(run.verdict),
    gates,
    shared: run.state,
  };
}

export async function loadExternalRun(runId: string): Promise<{ run: Run; state: ExternalRunState }> {
  const db = await getDb();
  const [run, turns, gates] = await Promise.all([
    db.run.findUniqueOrThrow({ where: { id: runId } }),
    db.agentTurn.findMany({ where: { runId }, orderBy: { seq: "asc" } }),
    db.runGate.count({ where: { runId } }),
  ]);
  return { run, state: externalState(run, turns, gates) };
}

const jsonColumn = z.json();

/**
 * Writes what the batch changed — turns (running text included), log entries, the run's status, totals,
 * agents, state, end and holdings (caps.ts) — and renews the producer's lease. False, writing nothing, when another batch got
 * there first (the caller reads again and re-checks).
 */
export async function writePlan(run: Run, plan: IngestPlan, holdings: RunHoldings, ingestCursor?: unknown): Promise<boolean> {
  const db = await getDb();
  const { state, outcome } = plan;
  const now = new Date();
  const data: Prisma.RunUpdateManyMutationInput = {
    status: state.status,
    ...totalsData(state.totals),
    heartbeatAt: now,
    ingestSeq: { increment: 1 },
    ingestEvents: holdings.events,
    logEntries: holdings.logEntries,
    logBytes: holdings.logBytes,
    ...(state.agentsChanged && { config: { ...runConfigSchema.parse(run.config), agents: state.agents } }),
    ...(state.sharedChanged && { state: jsonColumn.parse(state.shared ?? null) ?? undefined }),
    ...(ingestCursor !== undefined && { ingestCursor: jsonColumn.parse(ingestCursor) ?? undefined }),
    ...(outcome && { ...outcomeData(outcome), finishedAt: now, control: null }),
  };
  return db.$transaction(async (tx) => {
    const claimed = await tx.run.updateMany({ where: { id: run.id, ingestSeq: run.ingestSeq, status: run.status }, data });
    if (claimed.count === 0) return false;
    for (const turn of plan.changedTurns) {
      const row = { ...turnData(turn), startedAt: new Date(turn.startedAtMs) };
      const { id, seq, agent, role, model, round, promptPreview } = turn;
      await tx.agentTurn.upsert({
        where: { id },
        create: { id, runId: run.id, seq, agent, role, model, round, promptPreview, ...row },
        update: { ...row, model },
      });
    }
    if (plan.gates.length > 0) await tx.runGate.createMany({ data: plan.gates.map((g) => ({ ...g, runId: run.id })) });
    if (plan.log.length > 0) {
      await tx.runLogEntry.createMany({
        data: plan.log.map((e) => ({
          id: e.id,
          runId: run.id,
          source: e.source,
          type: e.type,
          data: jsonColumn.parse(e.data) ?? {},
        })),
      });
    }
    return true;
  });
}
