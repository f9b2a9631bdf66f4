import "server-only";
// Starting, executing and steering runs: the database holds the durable state, the hub the live events.
import { randomToken, safeEqual, sha256 } from "@/lib/auth/signing";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { runChannel, sessionChannel } from "@/lib/events/envelope";
import type { BuiltinEventType } from "@/lib/events/schemas";
import { getHub } from "@/lib/hub";
import { sortableId } from "@/lib/ids";
import { rateLimit } from "@/lib/rate-limit";
import { requireAccess } from "@/lib/sessions/access";
import { postSystemMessage } from "@/lib/sessions/messages";
import type { Actor } from "./actor";
import { type Control, RunContext, type RunEnvironment, RunStop, round6, type TurnRecord } from "./engine";
import { assertModelAvailable, defaultModelId, isDemo, resolveModel } from "./models";
import { buildConfig, selectStrategy } from "./plan";
import { priceTable } from "./pricing";
import type { CreateRunInput, RunConfig, RunStatus, Strategy } from "./schemas";
import { strategies } from "./strategies";
import type { CreatedRun } from "./views";

const g = globalThis as unknown as { parleyActiveRuns?: Map<string, RunContext> };
g.parleyActiveRuns ??= new Map();
/** Runs executing in this process, so a control request reaching this instance acts at once. */
const active = g.parleyActiveRuns;

function availableModels(): string[] {
  return [
    env.OPENAI_API_KEY && "openai:gpt-4o-mini",
    env.ANTHROPIC_API_KEY && "anthropic:claude-3-5-haiku-latest",
    env.OPENAI_COMPATIBLE_BASE_URL && "compatible:default",
  ].filter((m): m is string => Boolean(m));
}

export async function createRun(input: CreateRunInput & { actor: Actor }): Promise<CreatedRun> {
  await rateLimit("run", input.actor.id ?? "anonymous");
  const { strategy, reason } = selectStrategy(input.task, input.strategy);
  const config = buildConfig(strategy, input, defaultModelId(), availableModels());
  for (const agent of config.agents) assertModelAvailable(agent.model);
  let starterName: string | null = null;
  if (input.session_id) {
    const access = await requireAccess(input.session_id, input.actor.userId, "write");
    starterName = access.displayName;
  }

  const db = await getDb();
  const id = sortableId("run");
  const controlToken = randomToken(24);
  const run = await db.run.create({
    data: {
      id,
      task: input.task,
      strategy,
      strategyReason: reason,
      status: "queued",
      config: config as unknown as Prisma.InputJsonValue,
      sessionId: input.session_id ?? null,
      createdBy: input.actor.id,
      controlHash: sha256(controlToken),
      budgetUsd: config.budget_usd,
    },
  });
  await publish(id, "run.created", {
    run_id: id,
    task: run.task,
    strategy,
    agents: config.agents,
    session_id: run.sessionId,
    demo: config.agents.some((a) => isDemo(a.model)),
  });
  if (input.session_id) {
    await getHub().publish(sessionChannel(input.session_id), {
      type: "session.run_started",
      data: { run_id: id, task: run.task, strategy, started_by: input.actor.userId },
    });
    await postSystemMessage(
      input.session_id,
      `${starterName ?? "Someone"} started a ${strategy}: “${shorten(run.task)}” — /runs/${id}`,
    );
  }
  return {
    run_id: id,
    status: "queued",
    strategy,
    stream_url: `/api/v1/runs/${id}/events`,
    status_url: `/api/v1/runs/${id}`,
    control_token: controlToken,
  };
}

const shorten = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function publish(runId: string, type: BuiltinEventType, data: Record<string, unknown>) {
  return getHub().publish(runChannel(runId), { type, data });
}

const prices = priceTable(env.PARLEY_MODEL_PRICES);
const HEARTBEAT_MS = 5000;

function turnData(turn: TurnRecord) {
  return {
    status: turn.status,
    text: turn.text,
    inputTokens: turn.inputTokens,
    outputTokens: turn.outputTokens,
    costUsd: turn.costUsd,
    latencyMs: turn.latencyMs,
    tools: turn.tools as unknown as Prisma.InputJsonValue,
    error: turn.error,
    finishedAt: turn.status === "running" ? null : new Date(),
  };
}

/** The engine's effects, wired to this deployment's hub and database. */
function environment(runId: string): RunEnvironment {
  let lastHeartbeat = Date.now();
  return {
    emit: async (type, data) => void (await publish(runId, type, data)),
    turnStarted: async (turn) => {
      const db = await getDb();
      await db.agentTurn.create({
        data: {
          id: turn.id,
          runId,
          seq: turn.seq,
          agent: turn.agent,
          role: turn.role,
          model: turn.model,
          round: turn.round,
          promptPreview: turn.promptPreview,
          ...turnData(turn),
        },
      });
    },
    turnFinished: async (turn) => {
      const db = await getDb();
      await db.agentTurn.update({ where: { id: turn.id }, data: turnData(turn) });
    },
    statusChanged: async (status, totals) => {
      const db = await getDb();
      await db.run.update({ where: { id: runId }, data: { status, ...totalsData(totals) } });
    },
    readControl: async () => {
      const db = await getDb();
      const now = Date.now();
      // The same poll keeps the run's heartbeat fresh, so a run whose instance died can be told apart.
      if (now - lastHeartbeat >= HEARTBEAT_MS) {
        lastHeartbeat = now;
        await db.run.update({ where: { id: runId }, data: { heartbeatAt: new Date(now) } });
      }
      const row = await db.run.findUnique({ where: { id: runId }, select: { control: true } });
      return (row?.control as Control | undefined) ?? null;
    },
    model: resolveModel,
    prices,
    tokenFlushMs: env.PARLEY_TOKEN_FLUSH_MS,
    turnTimeoutMs: env.PARLEY_TURN_TIMEOUT_MS,
    controlPollMs: 500,
  };
}

function totalsData(t: { inputTokens: number; outputTokens: number; costUsd: number }) {
  return { inputTokens: t.inputTokens, outputTokens: t.outputTokens, costUsd: round6(t.costUsd) };
}

/** Runs a queued run to its end on this instance. Returns at once if another instance claimed it. */
export async function executeRun(runId: string): Promise<void> {
  ensureRunSweeper();
  const db = await getDb();
  const claimed = await db.run.updateMany({
    where: { id: runId, status: "queued" },
    data: { status: "running", startedAt: new Date(), heartbeatAt: new Date() },
  });
  if (claimed.count === 0) return;
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  const config = run.config as unknown as RunConfig;
  const ctx = new RunContext({ id: run.id, task: run.task, strategy: run.strategy as Strategy, config }, environment(run.id));
  active.set(run.id, ctx);
  const stopWatching = ctx.watchControls();
  const finish = async (data: Prisma.RunUpdateInput) =>
    db.run.update({ where: { id: run.id }, data: { ...data, ...totalsData(ctx.totals), finishedAt: new Date(), control: null } });
  try {
    await ctx.emit("run.strategy_selected", { strategy: run.strategy, reason: run.strategyReason });
    await ctx.emit("run.started", {
      agents: config.agents,
      rounds: config.rounds,
      budget_usd: config.budget_usd,
      max_tokens: config.max_tokens,
    });
    await ctx.checkpoint();
    const result = await strategies[run.strategy as Strategy](ctx);
    const success = ctx.verdict?.passed ?? true;
    await finish({
      status: "completed",
      summary: result.summary,
      verdict: (ctx.verdict ?? undefined) as Prisma.InputJsonValue | undefined,
    });
    await ctx.emit("run.completed", {
      success,
      summary: result.summary,
      usage: {
        input_tokens: ctx.totals.inputTokens,
        output_tokens: ctx.totals.outputTokens,
        cost_usd: round6(ctx.totals.costUsd),
      },
      duration_ms: ctx.elapsedMs,
    });
    if (run.sessionId)
      await postSystemMessage(
        run.sessionId,
        `Run finished (${run.strategy}): ${shorten(result.summary, 300)} — /runs/${run.id}`,
        "agent",
      );
  } catch (error) {
    if (!(error instanceof RunStop)) console.error(`run ${run.id} failed unexpectedly`, error);
    const stop = error instanceof RunStop ? error : new RunStop("failed", "internal", "The run engine hit an unexpected error");
    if (stop.kind === "cancelled") {
      await finish({ status: "cancelled" });
      await ctx.emit("run.cancelled", { reason: stop.message });
    } else {
      await finish({
        status: "failed",
        errorType: stop.errorType,
        error: stop.message,
        verdict: (ctx.verdict ?? undefined) as Prisma.InputJsonValue | undefined,
      });
      await ctx.emit("run.failed", { error_type: stop.errorType, message: stop.message });
    }
    if (run.sessionId)
      await postSystemMessage(
        run.sessionId,
        `Run ${stop.kind === "cancelled" ? "cancelled" : "failed"}: ${stop.message} — /runs/${run.id}`,
        "agent",
      );
  } finally {
    stopWatching();
    active.delete(run.id);
  }
}

export type RunAction = "cancel" | "pause" | "resume";

/** Who may steer a run: its creator, the holder of its control token, or an editor of its session. */
async function requireControl(
  run: { id: string; createdBy: string | null; controlHash: string | null; sessionId: string | null },
  actor: Actor,
  token: string | null,
) {
  if (actor.id && run.createdBy === actor.id) return;
  if (token && run.controlHash && safeEqual(sha256(token), run.controlHash)) return;
  if (run.sessionId) {
    await requireAccess(run.sessionId, actor.userId, "write");
    return;
  }
  throw new AppError("forbidden", "Only whoever started this run can control it");
}

export async function controlRun(input: {
  runId: string;
  action: RunAction;
  actor: Actor;
  controlToken: string | null;
}): Promise<{ run_id: string; status: RunStatus }> {
  const db = await getDb();
  const run = await findReadableRun(input.runId, input.actor);
  await requireControl(run, input.actor, input.controlToken);
  const status = run.status as RunStatus;
  if (status === "completed" || status === "failed" || status === "cancelled") {
    throw new AppError("conflict", `The run has already ${status === "cancelled" ? "been cancelled" : status}`);
  }
  if (input.action === "cancel") {
    if (status === "queued") {
      // Not picked up yet: it ends here, and the executor will find nothing to claim.
      const done = await db.run.updateMany({
        where: { id: run.id, status: "queued" },
        data: { status: "cancelled", finishedAt: new Date() },
      });
      if (done.count === 1) {
        await publish(run.id, "run.cancelled", { reason: "The run was cancelled before it started" });
        return { run_id: run.id, status: "cancelled" };
      }
    }
    await db.run.update({ where: { id: run.id }, data: { control: "cancel" } });
    active.get(run.id)?.applyControl("cancel");
  } else if (input.action === "pause") {
    await db.run.update({ where: { id: run.id }, data: { control: "pause" } });
    active.get(run.id)?.applyControl("pause");
  } else {
    if (run.control !== "pause" && status !== "paused") throw new AppError("conflict", "The run is not paused");
    await db.run.update({ where: { id: run.id }, data: { control: null } });
    active.get(run.id)?.applyControl("resume");
  }
  return { run_id: run.id, status };
}

const sweeper = globalThis as unknown as { parleyRunSweeper?: ReturnType<typeof setInterval> };

/**
 * Once this instance has dealt with runs, it also looks for lost runs nobody is reading, so their
 * watchers (on any instance) get `run.failed` without having to ask.
 */
export function ensureRunSweeper(): void {
  if (sweeper.parleyRunSweeper) return;
  sweeper.parleyRunSweeper = setInterval(
    () => {
      void sweepLostRuns().catch((error) => console.error("sweeping lost runs failed", error));
    },
    Math.max(1000, env.PARLEY_RUN_LEASE_MS / 2),
  );
  sweeper.parleyRunSweeper.unref?.();
}

async function sweepLostRuns(): Promise<void> {
  const db = await getDb();
  const cutoff = new Date(Date.now() - env.PARLEY_RUN_LEASE_MS);
  const candidates = await db.run.findMany({
    where: {
      OR: [
        { status: { in: ["running", "paused"] }, heartbeatAt: { lt: cutoff } },
        { status: "queued", createdAt: { lt: cutoff } },
      ],
    },
    take: 100,
  });
  for (const run of candidates) await reapIfOrphaned(run);
}

/** The run when the actor may read it; runs in a private session are 404 to outsiders. */
export async function findReadableRun(runId: string, actor: Actor) {
  ensureRunSweeper();
  if (!/^run_[0-9a-z]{19}$/.test(runId)) throw new AppError("not_found", "Run not found");
  const db = await getDb();
  const found = await db.run.findUnique({ where: { id: runId } });
  if (!found) throw new AppError("not_found", "Run not found");
  if (found.sessionId) {
    try {
      await requireAccess(found.sessionId, actor.userId, "read");
    } catch {
      throw new AppError("not_found", "Run not found");
    }
  }
  return (await reapIfOrphaned(found)) ?? found;
}

type RunRow = NonNullable<Awaited<ReturnType<Awaited<ReturnType<typeof getDb>>["run"]["findUnique"]>>>;

/**
 * A run whose executing instance died (no heartbeat within the lease), or that was accepted by an
 * instance that died before starting it, would otherwise show as running forever: it fails as
 * `instance_lost`, once, whichever instance notices first.
 */
export async function reapIfOrphaned(run: RunRow): Promise<RunRow | null> {
  if (active.has(run.id)) return null;
  const cutoff = new Date(Date.now() - env.PARLEY_RUN_LEASE_MS);
  const stale =
    ((run.status === "running" || run.status === "paused") && (run.heartbeatAt ?? run.createdAt) < cutoff) ||
    (run.status === "queued" && run.createdAt < cutoff);
  if (!stale) return null;
  const db = await getDb();
  const message =
    run.status === "queued"
      ? "The server that accepted this run stopped before starting it"
      : "The server running this run stopped; it did not finish";
  const reaped = await db.run.updateMany({
    where: { id: run.id, status: run.status, heartbeatAt: run.heartbeatAt },
    data: { status: "failed", errorType: "instance_lost", error: message, finishedAt: new Date(), control: null },
  });
  if (reaped.count === 0) return null;
  await db.agentTurn.updateMany({
    where: { runId: run.id, status: "running" },
    data: { status: "failed", error: message, finishedAt: new Date() },
  });
  await publish(run.id, "run.failed", { error_type: "instance_lost", message });
  return db.run.findUnique({ where: { id: run.id } });
}
