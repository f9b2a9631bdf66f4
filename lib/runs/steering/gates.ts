import "server-only";
// Approval gates: opened by the engine after a proposing turn, decided once by people's votes (a
// quorum of approvals or redirects, or any reject: ./gate-rules.ts) or by the default action when the
// gate times out.
// Votes and decisions happen in a database transaction holding the gate's row, so concurrent votes on
// any number of instances decide exactly once.
import type { z } from "zod";
import { type Actor, actorPayer } from "@/lib/auth/actor";
import { chargeQuota, jsonBytes } from "@/lib/auth/quotas";
import { getDb } from "@/lib/db/client";
import type { RunGate, RunGateVote } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { runChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { tellProducer, tellProducerOf } from "@/lib/runs/producer-controls";
import { findReadableRun } from "../access";
import type { GateSpec } from "../engine/environment";
import { preview } from "../engine/turn-record";
import { decidedEvent } from "./events";
import { decideGate, joinedBeforeGate } from "./gate-rules";
import { findLiveRun, requireVoter } from "./people";
import { GATE_ID, type GateDecision, type voteInputSchema } from "./schemas";
import { type GateView, gateView } from "./views";

export async function openGate(runId: string, spec: GateSpec): Promise<{ id: string }> {
  const db = await getDb();
  const id = `${runId}_g${spec.seq}`;
  await db.runGate.create({
    data: {
      id,
      runId,
      seq: spec.seq,
      step: spec.step,
      turnId: spec.turn.id,
      agent: spec.turn.agent,
      proposalPreview: preview(spec.turn.text),
      quorum: spec.quorum,
      timeoutAt: spec.timeoutAt,
      defaultAction: spec.defaultAction,
    },
  });
  return { id };
}

type Decided = { decision: GateDecision; note: string | null; voters: string[] } | null;

/** The decision the votes make, if they make one (the rule is ./gate-rules.ts, which the pages show). */
export function tally(votes: readonly Pick<RunGateVote, "userId" | "decision" | "note">[], quorum: number): Decided {
  const outcome = decideGate(votes, quorum);
  return outcome && { decision: outcome.decision, note: outcome.note, voters: outcome.voters.map((v) => v.userId) };
}

/** 403: a participant who joined after the gate opened does not count toward its quorum. */
const joinedAfter = () =>
  new AppError("forbidden", "You joined this session after the gate opened; only people who were in before it opened vote on it");

const alreadyDecided = (decision: GateDecision) => new AppError("conflict", `The gate was already decided: ${decision}`);

/** A vote that came after its gate's timeout: the gate is decided by its default action instead (409). */
export class GateTimedOut extends AppError {
  constructor(decision: GateDecision) {
    super("conflict", `The gate timed out and took its default action: ${decision}`);
  }
}

export async function voteAtGate(input: {
  runId: string;
  gateId: string;
  actor: Actor;
  controlToken: string | null;
  body: z.infer<typeof voteInputSchema>;
}): Promise<{ gate: GateView; decided: boolean }> {
  const run = await findReadableRun(input.runId, input.actor);
  // One voter per person: the vote's key is (gate, user id), and an account has one id on every device.
  const person = await requireVoter(run, input.actor, input.controlToken);
  const notFound = new AppError("not_found", "Gate not found");
  if (!GATE_ID.test(input.gateId) || !input.gateId.startsWith(`${run.id}_`)) throw notFound;
  const db = await getDb();
  const found = await db.runGate.findUnique({ where: { id: input.gateId } });
  if (!found) throw notFound;
  if (found.decision) throw alreadyDecided(found.decision);
  if (!joinedBeforeGate(person.joinedAt, found.createdAt)) throw joinedAfter();
  if (found.timeoutAt && found.timeoutAt.getTime() <= Date.now()) {
    // Too late to count: the gate goes its default way (whoever notices first decides it), not this vote's.
    await decideByTimeout(found);
    throw new GateTimedOut(found.defaultAction);
  }
  await findLiveRun(run.id, input.actor);
  await chargeQuota("vote", actorPayer(input.actor, person.id), { bytes: jsonBytes(input.body) });
  const { decision, note } = input.body;
  const decided = await db.$transaction(async (tx) => {
    const [gate] = await tx.$queryRaw<
      { decision: GateDecision | null }[]
    >`SELECT decision FROM run_gates WHERE id = ${found.id} FOR UPDATE`;
    if (gate?.decision) throw alreadyDecided(gate.decision);
    const vote = { decision, note: note ?? null, displayName: person.displayName, votedAt: new Date() };
    await tx.runGateVote.upsert({
      where: { gateId_userId: { gateId: found.id, userId: person.id } },
      create: { gateId: found.id, userId: person.id, ...vote },
      update: vote,
    });
    const outcome = tally(await tx.runGateVote.findMany({ where: { gateId: found.id } }), found.quorum);
    if (outcome) await tx.runGate.update({ where: { id: found.id }, data: { ...pick(outcome), decidedAt: new Date() } });
    return outcome;
  });
  const channel = runChannel(run.id);
  await publishEvent(channel, "run.gate_vote", {
    gate_id: found.id,
    user_id: person.id,
    display_name: person.displayName,
    decision,
  });
  if (decided) {
    await publishEvent(channel, "run.gate_decided", { gate_id: found.id, ...decided, timed_out: false });
    await tellProducer(run, "control.gate_decided", { gate_id: found.id, decision: decided.decision, note: decided.note });
  }
  return { gate: await readGate(found.id), decided: decided !== null };
}

const pick = (d: NonNullable<Decided>) => ({ decision: d.decision, note: d.note });

async function readGate(id: string): Promise<GateView> {
  const db = await getDb();
  return gateView(await db.runGate.findUniqueOrThrow({ where: { id }, include: { votes: true } }));
}

/** Decides an overdue gate by its default action, once (whoever gets there first); true if this call did. */
export async function decideByTimeout(gate: Pick<RunGate, "id" | "runId" | "defaultAction">): Promise<boolean> {
  const db = await getDb();
  // The condition is checked by the update itself: of all the instances that notice, one decides.
  const done = await db.runGate.updateMany({
    where: { id: gate.id, decision: null, timeoutAt: { lt: new Date() } },
    data: { decision: gate.defaultAction, decidedAt: new Date() },
  });
  if (done.count === 0) return false;
  const data = decidedEvent(gate.id, { decision: gate.defaultAction, voters: [], note: null }, true);
  await publishEvent(runChannel(gate.runId), "run.gate_decided", data);
  await tellProducerOf(gate.runId, "control.gate_decided", { gate_id: gate.id, decision: gate.defaultAction, note: null });
  return true;
}

/** Open gates past their timeout, oldest first. */
export async function overdueGates(limit = 50): Promise<Pick<RunGate, "id" | "runId" | "defaultAction">[]> {
  const db = await getDb();
  return db.runGate.findMany({
    where: { decision: null, timeoutAt: { lt: new Date() } },
    select: { id: true, runId: true, defaultAction: true },
    orderBy: { timeoutAt: "asc" },
    take: limit,
  });
}
