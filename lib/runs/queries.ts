import "server-only";
import type { Actor } from "@/lib/auth/actor";
// Reading runs back: the snapshot a page or the CLI starts from, and lists (exports: run-markdown.ts).
import { getDb } from "@/lib/db/client";
import type { Run, RunGate } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { runChannel } from "@/lib/events/envelope";
import { getHub } from "@/lib/hub";
import { runWatchers } from "@/lib/presence/run-watchers";
import { requireAccess } from "@/lib/sessions/access";
import { usesDemoModel } from "./models/demo-model";
import { flatPrice, type Price, priceTable } from "./models/pricing";
import { runConfigSchema, verdictSchema } from "./schemas";
import { findRunReading } from "./share/access";
import { steeringRights } from "./steering/people";
import { commentView, gateView, noteView, type SteeringRights } from "./steering/views";
import { totalSteps } from "./steps";
import { type ForkedFrom, type RunList, type RunSnapshot, type RunView, turnView, type WaitingView } from "./views";

export function runView(run: Run): RunView {
  const config = runConfigSchema.parse(run.config);
  return {
    run_id: run.id,
    task: run.task,
    strategy: run.strategy,
    strategy_reason: run.strategyReason,
    status: run.status,
    agents: config.agents,
    rounds: config.rounds,
    budget_usd: config.budget_usd,
    max_tokens: config.max_tokens,
    session_id: run.sessionId,
    demo: usesDemoModel(config.agents),
    created_at: run.createdAt.toISOString(),
    started_at: run.startedAt?.toISOString() ?? null,
    finished_at: run.finishedAt?.toISOString() ?? null,
    summary: run.summary,
    verdict: verdictSchema.nullable().parse(run.verdict),
    error: run.errorType ? { error_type: run.errorType, message: run.error ?? "" } : null,
    forked_from: forkedFrom(run),
  };
}

function forkedFrom(run: Run): ForkedFrom | null {
  return run.forkedFromRunId && run.forkedFromTurnId ? { run_id: run.forkedFromRunId, turn_id: run.forkedFromTurnId } : null;
}

const prices = priceTable(env.PARLEY_MODEL_PRICES);

/** The prices of these models that the table knows (an unknown model costs nothing, so it needs none). */
function pricesOf(models: Iterable<string>): Record<string, Price> {
  const out: Record<string, Price> = {};
  for (const model of models) {
    const price = flatPrice(prices, model);
    if (price) out[model] = price;
  }
  return out;
}

/** Someone reading through a share link may do nothing but read. */
const READ_ONLY: SteeringRights = {
  steer: false,
  vote: false,
  control: false,
  comment: false,
  moderate: false,
  me: null,
  joined_at: null,
};

/** The run as the actor reads it — or, with a standing share link's token, as anyone holding the link does. */
export async function getRunSnapshot(runId: string, actor: Actor, shareToken: string | null = null): Promise<RunSnapshot> {
  // The cursor is read first: whatever happens after it, the stream delivers.
  const lastEventId = await getHub().head(runChannel(runId));
  const { run, share } = await findRunReading(runId, actor, shareToken);
  const db = await getDb();
  const where = { runId };
  const [turns, notes, gates, comments, log, rights, watchers, forks] = await Promise.all([
    db.agentTurn.findMany({ where, orderBy: { seq: "asc" } }),
    db.runNote.findMany({ where, orderBy: { id: "asc" } }),
    db.runGate.findMany({ where, orderBy: { seq: "asc" }, include: { votes: { orderBy: { votedAt: "asc" } } } }),
    db.runComment.findMany({ where, orderBy: { id: "asc" } }),
    db.runLogEntry.findMany({ where, orderBy: { id: "asc" } }),
    share ? READ_ONLY : steeringRights(run, actor),
    runWatchers(run.id, run.sessionId),
    // A link opens one run: the session's other runs, its forks included, stay hidden from its holder.
    share
      ? []
      : db.run.findMany({
          where: { forkedFromRunId: runId },
          orderBy: { id: "asc" },
          select: { id: true, forkedFromTurnId: true, status: true, createdAt: true },
        }),
  ]);
  const view = runView(run);
  const steps = turns.filter((t) => t.status !== "running" && t.status !== "superseded").length;
  return {
    run: view,
    turns: turns.map(turnView),
    usage: { input_tokens: run.inputTokens, output_tokens: run.outputTokens, cost_usd: run.costUsd },
    progress: { completed_steps: steps, total_steps: totalSteps({ ...view, startedTurns: turns.length }) },
    interjections: notes.map(noteView),
    gates: gates.map(gateView),
    comments: comments.map(commentView),
    watchers,
    state: run.state ?? null,
    log: log.map((e) => ({ id: e.id, source: e.source, type: e.type, data: e.data, created_at: e.createdAt.toISOString() })),
    rights,
    prices: pricesOf(new Set([...view.agents.map((a) => a.model), ...turns.map((t) => t.model)])),
    last_event_id: lastEventId,
    forked_from: view.forked_from,
    forks: forks.map((f) => ({
      run_id: f.id,
      turn_id: f.forkedFromTurnId ?? "",
      status: f.status,
      created_at: f.createdAt.toISOString(),
    })),
  };
}

/** My runs, newest first — or a session's runs for someone who may read the session. */
export async function listRuns(actor: Actor, query: { limit: number; cursor?: string; session_id?: string }): Promise<RunList> {
  const db = await getDb();
  let where: { createdBy?: string; sessionId?: string };
  if (query.session_id) {
    await requireAccess(query.session_id, actor.userId, "read");
    where = { sessionId: query.session_id };
  } else {
    if (!actor.id) throw new AppError("unauthorized", "Listing runs needs an identity: use the web app or an API key");
    where = { createdBy: actor.id };
  }
  const rows = await db.run.findMany({
    where: { ...where, ...(query.cursor && { id: { lt: query.cursor } }) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const waiting = await openGates(page.filter((r) => r.status === "running").map((r) => r.id));
  return {
    runs: page.map((r) => ({ ...runView(r), waiting: waiting.get(r.id) ?? null })),
    next_cursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The gate each of these runs waits at, if any: lists say "waiting for approval", not "running". */
async function openGates(runIds: string[]): Promise<Map<string, WaitingView>> {
  if (runIds.length === 0) return new Map();
  const db = await getDb();
  const gates: RunGate[] = await db.runGate.findMany({ where: { runId: { in: runIds }, decision: null } });
  return new Map(
    gates.map((g) => [
      g.runId,
      {
        gate_id: g.id,
        step: g.step,
        agent: g.agent,
        quorum: g.quorum,
        opened_at: g.createdAt.toISOString(),
        timeout_at: g.timeoutAt?.toISOString() ?? null,
        default_action: g.defaultAction,
      },
    ]),
  );
}
