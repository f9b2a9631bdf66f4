import "server-only";
// Forking a run: a new run in the same place (the source's session, or none), its turns before the fork
// point copied from the source — byte for byte, marked inherited, billed to nobody again — with the notes
// those turns read, the gates they passed, and the instruction as a note for the agent at the fork point.
// It executes like any run (lib/runs/execution/execute.ts): its first execution announces the inherited
// turns whole, then goes live. A fork of an external run whose producer declared `capabilities.fork` is
// that producer's new external run instead: announced here, and run by the producer, told with `control.fork`.
import { type Actor, actorPayer } from "@/lib/auth/actor";
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import type { Run } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { runChannel, sessionChannel } from "@/lib/events/envelope";
import type { EventData } from "@/lib/events/schemas";
import { publishEvent } from "@/lib/hub";
import { sortableId } from "@/lib/ids";
import { requireAccess } from "@/lib/sessions/access";
import { postSystemMessage } from "@/lib/sessions/messages";
import { findReadableRun } from "../access";
import { runCreatedData } from "../engine/lifecycle";
import { type TurnRecord, turnCompletedData, turnStartedData } from "../engine/turn-record";
import { loadHistory } from "../execution/history";
import { turnData } from "../execution/persistence";
import { assertModelAvailable, configuredModels, defaultModelId } from "../models/providers";
import { tellProducer } from "../producer-controls";
import { isBuiltinStrategy, isTerminalStatus, runConfigSchema } from "../schemas";
import { noteEvent } from "../steering/events";
import { noteView } from "../steering/views";
import { shorten } from "../text";
import { externalForkMessage, type ForkPlan, mayForkSource, planFork } from "./plan";
import type { ForkRunInput } from "./schemas";

export interface CreatedFork {
  runId: string;
  controlToken: string;
  /** Run by its source's producer (told with `control.fork`), not executed here. */
  external: boolean;
}

export async function createFork(input: { sourceId: string; actor: Actor; body: ForkRunInput }): Promise<CreatedFork> {
  const { actor, body } = input;
  const source = await findReadableRun(input.sourceId, actor);
  // Whoever may start a run where the fork lands: the source's session (a viewer may not), or anyone.
  const starter = source.sessionId ? await requireAccess(source.sessionId, actor.userId, "write") : null;
  const config = runConfigSchema.parse(source.config);
  if (!mayForkSource({ strategy: source.strategy, config })) throw new AppError("conflict", externalForkMessage);
  const external = !isBuiltinStrategy(source.strategy);
  const history = await loadHistory(source.id);
  const plan = planFork({ ...source, config, ...history }, body, defaultModelId(), configuredModels());
  // An external fork's models are its producer's to call, as its source's were.
  if (!external) for (const agent of plan.config.agents) assertModelAvailable(agent.model);
  await chargeQuota("run", actorPayer(actor, actor.id), { bytes: jsonBytes(body) });

  const id = sortableId("run");
  const controlToken = randomToken(24);
  const author = { id: actor.id ?? "anonymous", name: starter?.displayName ?? "The run's creator" };
  const notes = await storeFork(source, plan, { id, controlHash: sha256(controlToken), actor, author, body, external });
  await announceFork(source, plan, { id, actor, starterName: starter?.displayName ?? null, notes });
  if (external) await tellProducerOfFork(source, plan, { id, body });
  return { runId: id, controlToken, external };
}

/**
 * An external fork: nobody executes it here. Its inherited turns are announced whole on its stream (as the
 * engine does for a built-in fork's first execution), and its producer — following the source's controls —
 * is told to run it from the fork point; it then posts the fork's events with its key like any run's.
 */
async function tellProducerOfFork(source: Run, plan: ForkPlan, fork: { id: string; body: ForkRunInput }): Promise<void> {
  const channel = runChannel(fork.id);
  const { agents, rounds, budget_usd, max_tokens, approval } = plan.config;
  await publishEvent(channel, "run.started", { agents, rounds, budget_usd, max_tokens, approval });
  for (const turn of (await loadHistory(fork.id)).turns) {
    await publishEvent(channel, "agent.turn_started", turnStartedData(turn));
    await publishEvent(channel, "agent.turn_completed", turnCompletedData(turn, turn.latencyMs ?? 0));
  }
  await tellProducer(source, "control.fork", {
    run_id: fork.id,
    forked_from: { run_id: source.id, turn_id: plan.at.id },
    inherited_turns: plan.inherited.length,
    instruction: fork.body.instruction ?? null,
    model: fork.body.model ?? null,
  });
}

interface NewFork {
  id: string;
  controlHash: string;
  actor: Actor;
  author: { id: string; name: string };
  body: ForkRunInput;
  external: boolean;
}

/** The fork, its inherited turns, gates and notes, and the instruction — all or nothing. Returns its notes' events. */
async function storeFork(source: Run, plan: ForkPlan, fork: NewFork): Promise<EventData<"run.interjection">[]> {
  const db = await getDb();
  const turnIds = new Map(plan.inherited.map((t) => [t.id, `${fork.id}_t${t.seq}`]));
  const readNotes = new Set(plan.inherited.flatMap((t) => t.interjections));
  const sourceNotes = await db.runNote.findMany({
    where: { runId: source.id, id: { in: [...readNotes] } },
    orderBy: { id: "asc" },
  });
  const noteIds = new Map(sourceNotes.map((n) => [n.id, sortableId("note")]));
  const instruction = fork.body.instruction
    ? {
        id: sortableId("note"),
        runId: fork.id,
        authorId: fork.author.id,
        authorName: fork.author.name,
        content: fork.body.instruction,
        to: plan.noteTo,
      }
    : null;
  // Gates are copied without their votes: their decisions stand, as the turns they passed do.
  const gates = await db.runGate.findMany({ where: { id: { in: plan.gates.map((g) => g.id) } }, orderBy: { seq: "asc" } });
  const now = new Date();
  const rows = await db.$transaction(async (tx) => {
    await tx.run.create({
      data: {
        id: fork.id,
        task: source.task,
        strategy: source.strategy,
        strategyReason: `Forked from ${source.id} at turn ${plan.at.seq} (${plan.at.agent})`,
        config: plan.config,
        sessionId: source.sessionId,
        controlHash: fork.controlHash,
        ...(fork.external
          ? // Its producer's run, fed with its key (lib/ingest/external/access.ts); its lease starts now.
            { status: "running", createdBy: source.createdBy, startedAt: now, heartbeatAt: now }
          : { status: "queued", createdBy: fork.actor.id }),
        budgetUsd: plan.config.budget_usd,
        forkedFromRunId: source.id,
        forkedFromTurnId: plan.at.id,
      },
    });
    const copied = sourceNotes.map((n) => ({ ...n, id: noteIds.get(n.id) ?? n.id, runId: fork.id }));
    await tx.runNote.createMany({ data: instruction ? [...copied, instruction] : copied });
    for (const turn of plan.inherited) {
      await tx.agentTurn.create({ data: inheritedTurn(turn, fork.id, turnIds, noteIds) });
    }
    for (const gate of gates) {
      const { id: _id, runId: _run, createdAt: _created, turnId, ...kept } = gate;
      await tx.runGate.create({
        data: { ...kept, id: sortableId("gate"), runId: fork.id, turnId: turnIds.get(turnId) ?? turnId },
      });
    }
    return tx.runNote.findMany({ where: { runId: fork.id }, orderBy: { id: "asc" } });
  });
  return rows.map((r) => noteEvent(noteView(r)));
}

/** A source turn as the fork's own: its text, usage and notes as they were, its ids the fork's. */
function inheritedTurn(turn: TurnRecord, forkId: string, turnIds: Map<string, string>, noteIds: Map<string, string>) {
  const id = turnIds.get(turn.id) ?? turn.id;
  const tools = turn.tools.map((t) => ({ ...t, call_id: t.call_id.replace(turn.id, id) }));
  return {
    ...turnData({ ...turn, tools }),
    id,
    runId: forkId,
    seq: turn.seq,
    agent: turn.agent,
    role: turn.role,
    model: turn.model,
    round: turn.round,
    promptPreview: turn.promptPreview,
    interjections: turn.interjections.map((n) => noteIds.get(n) ?? n),
    inheritedFrom: turn.id,
  };
}

/** Who hears of the fork: its own stream, its source's while that one goes on, and their session. */
async function announceFork(
  source: Run,
  plan: ForkPlan,
  fork: { id: string; actor: Actor; starterName: string | null; notes: EventData<"run.interjection">[] },
): Promise<void> {
  const channel = runChannel(fork.id);
  const spec = { id: fork.id, task: source.task, strategy: source.strategy, config: plan.config };
  await publishEvent(channel, "run.created", runCreatedData(spec, source.sessionId));
  const forked: EventData<"run.forked"> = {
    run_id: fork.id,
    forked_from: { run_id: source.id, turn_id: plan.at.id },
    inherited_turns: plan.inherited.length,
    by: fork.actor.id,
  };
  await publishEvent(channel, "run.forked", forked);
  for (const note of fork.notes) await publishEvent(channel, "run.interjection", note);
  const current = await (await getDb()).run.findUnique({ where: { id: source.id }, select: { status: true } });
  if (current && !isTerminalStatus(current.status)) await publishEvent(runChannel(source.id), "run.forked", forked);
  if (!source.sessionId) return;
  await publishEvent(sessionChannel(source.sessionId), "session.run_started", {
    run_id: fork.id,
    task: source.task,
    strategy: source.strategy,
    started_by: fork.actor.userId,
  });
  await postSystemMessage(
    source.sessionId,
    `${fork.starterName ?? "Someone"} forked /runs/${source.id} at turn ${plan.at.seq} (${plan.at.agent}): “${shorten(source.task, 120)}” — /runs/${fork.id}`,
  );
}
