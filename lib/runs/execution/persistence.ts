import "server-only";
// The engine's RunEnvironment on this deployment: events to the hub, turns and statuses to the
// database, controls read back from it, the end told to the run's session.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { Run } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { runChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { plainText } from "@/lib/markdown";
import { postSystemMessage } from "@/lib/sessions/messages";
import type { RunEnvironment, RunOutcome, RunTotals } from "../engine/environment";
import type { TurnRecord } from "../engine/turn-record";
import { priceTable, round6 } from "../models/pricing";
import { resolveModel } from "../models/providers";
import { openGate } from "../steering/gates";
import { readNotes } from "../steering/notes";
import { shorten } from "../text";

const prices = priceTable(env.PARLEY_MODEL_PRICES);

export function runEnvironment(run: Pick<Run, "id" | "strategy" | "sessionId">): RunEnvironment {
  const where = { id: run.id };
  return {
    emit: async (type, data) => void (await publishEvent(runChannel(run.id), type, data)),
    turnStarted: async (turn) => {
      const db = await getDb();
      const { id, seq, agent, role, model, round, promptPreview, interjections } = turn;
      await db.agentTurn.create({
        data: { id, runId: run.id, seq, agent, role, model, round, promptPreview, interjections, ...turnData(turn) },
      });
    },
    turnFinished: async (turn) => {
      const db = await getDb();
      await db.agentTurn.update({ where: { id: turn.id }, data: turnData(turn) });
    },
    turnProgress: async (turn) => {
      const db = await getDb();
      await db.agentTurn.updateMany({ where: { id: turn.id, status: "running" }, data: { text: turn.text } });
    },
    statusChanged: async (status, totals) => {
      const db = await getDb();
      await db.run.update({ where, data: { status, ...totalsData(totals) } });
    },
    finished: async (outcome, totals) => {
      const db = await getDb();
      const data = { ...outcomeData(outcome), ...totalsData(totals), finishedAt: new Date(), control: null };
      await db.run.update({ where, data });
    },
    ended: async (outcome) => {
      if (run.sessionId) await postSystemMessage(run.sessionId, endMessage(run, outcome), "agent");
    },
    readNotes: () => readNotes(run.id),
    openGate: (gate) => openGate(run.id, gate),
    readControl: async () => {
      const db = await getDb();
      return (await db.run.findUnique({ where, select: { control: true } }))?.control ?? null;
    },
    model: resolveModel,
    prices,
    tokenFlushMs: env.PARLEY_TOKEN_FLUSH_MS,
    partialTextMs: env.PARLEY_PARTIAL_TEXT_MS,
    turnTimeoutMs: env.PARLEY_TURN_TIMEOUT_MS,
    controlPollMs: 500,
  };
}

/** A tool's input is whatever the tool was given; the column holds it as JSON (checked as it is written). */
const toolsColumn = z.array(z.json());

/** A turn's row as it now is (a running turn's text so far included). */
export function turnData(turn: TurnRecord) {
  const { status, text, reasoning, inputTokens, outputTokens, costUsd, latencyMs, error } = turn;
  const tools = toolsColumn.parse(turn.tools);
  return {
    status,
    text,
    reasoning,
    inputTokens,
    outputTokens,
    costUsd,
    latencyMs,
    tools,
    error,
    finishedAt: status === "running" ? null : new Date(),
  };
}

export function totalsData(t: RunTotals) {
  return { inputTokens: t.inputTokens, outputTokens: t.outputTokens, costUsd: round6(t.costUsd) };
}

export function outcomeData(outcome: RunOutcome) {
  switch (outcome.status) {
    case "completed":
      return { status: outcome.status, summary: outcome.summary, verdict: outcome.verdict ?? undefined };
    case "cancelled":
      return { status: outcome.status };
    case "failed":
      return {
        status: outcome.status,
        errorType: outcome.errorType,
        error: outcome.message,
        verdict: outcome.verdict ?? undefined,
      };
  }
}

/** What the run's session hears when it ends. */
export function endMessage(run: Pick<Run, "id" | "strategy">, outcome: RunOutcome): string {
  // A chat line, not a document: the summary's Markdown (headings, fences, emphasis) is read as plain words.
  if (outcome.status === "completed") {
    return `Run finished (${run.strategy}): ${shorten(plainText(outcome.summary), 300)} — /runs/${run.id}`;
  }
  return `Run ${outcome.status}: ${outcome.message} — /runs/${run.id}`;
}
