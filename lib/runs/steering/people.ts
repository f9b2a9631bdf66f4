import "server-only";
import type { Actor } from "@/lib/auth/actor";
// Who is steering or commenting on a run, and whether they may: editors and owners of the run's session
// (or, outside a session, its creator or the holder of its control token) steer; anyone who can read the
// run comments. Runs in a private session are 404 to outsiders (findReadableRun says so first).
import { safeEqual, sha256 } from "@/lib/crypto";
import type { Run } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { loadAccess, type MemberAccess, requireAccess } from "@/lib/sessions/access";
import { assertGuestMayAct, assertMayVote, guestLimits } from "@/lib/sessions/guests";
import type { Role } from "@/lib/sessions/schemas";
import { findReadableRun } from "../access";
import { isTerminalStatus } from "../schemas";
import type { SteeringRights } from "./views";

export interface Person {
  /** Who votes and authors: the user, the API key, or the control token's holder. */
  id: string;
  displayName: string;
  /** Their role in the run's session, or "creator" for a run outside any session. */
  role: Role | "creator" | null;
  /** When they joined the run's session; null outside a session. */
  joinedAt: Date | null;
}

const tokenHolder = (token: string) => `token:${sha256(token).slice(0, 16)}`;

/** The person steering `run`, or 403 (401 with no identity at all). */
export async function requireSteerer(run: Run, actor: Actor, controlToken: string | null): Promise<Person> {
  if (run.sessionId) {
    return memberPerson(await requireAccess(run.sessionId, actor.userId, "write"));
  }
  if (actor.id && run.createdBy === actor.id)
    return { id: actor.id, displayName: "The run's creator", role: "creator", joinedAt: null };
  if (controlToken && run.controlHash && safeEqual(sha256(controlToken), run.controlHash)) {
    return { id: actor.id ?? tokenHolder(controlToken), displayName: "The run's creator", role: "creator", joinedAt: null };
  }
  if (!actor.id) throw new AppError("unauthorized", "Steering a run needs an identity: use the web app or an API key");
  throw new AppError("forbidden", "Only whoever started this run can steer it");
}

/**
 * The person voting at one of `run`'s gates: a steerer whom the session's guests' rights let vote (in a
 * session, where sign-in is configured, a guest votes only when the owner chose `vote`), or 403.
 */
export async function requireVoter(run: Run, actor: Actor, controlToken: string | null): Promise<Person> {
  if (!run.sessionId) return requireSteerer(run, actor, controlToken);
  const access = await requireAccess(run.sessionId, actor.userId, "write");
  await assertMayVote(access);
  return memberPerson(access);
}

const memberPerson = (access: MemberAccess): Person => ({
  id: access.userId,
  displayName: access.displayName ?? "Someone",
  role: access.role,
  joinedAt: access.joinedAt,
});

/** Anyone who can read the run may comment, as long as they have an identity. */
export async function requireCommenter(run: Run, actor: Actor, controlToken: string | null): Promise<Person> {
  if (run.sessionId) {
    const access = await loadAccess(run.sessionId, actor.userId);
    if (!actor.userId) throw new AppError("unauthorized", "Commenting needs an identity: open the run in the web app");
    await assertGuestMayAct({ ...access, userId: actor.userId });
    return { id: actor.userId, displayName: access.displayName ?? "A reader", role: access.role, joinedAt: access.joinedAt };
  }
  if (controlToken && run.controlHash && safeEqual(sha256(controlToken), run.controlHash)) {
    return { id: actor.id ?? tokenHolder(controlToken), displayName: "The run's creator", role: "creator", joinedAt: null };
  }
  if (!actor.id) throw new AppError("unauthorized", "Commenting needs an identity: use the web app or an API key");
  return { id: actor.id, displayName: run.createdBy === actor.id ? "The run's creator" : "A reader", role: null, joinedAt: null };
}

/** The run, readable by the actor and still live (409 once it ended). */
export async function findLiveRun(runId: string, actor: Actor): Promise<Run> {
  const run = await findReadableRun(runId, actor);
  if (isTerminalStatus(run.status))
    throw new AppError("conflict", `The run has already ${run.status === "cancelled" ? "been cancelled" : run.status}`);
  return run;
}

/**
 * What the actor may do on a run they can read, for the pages and the terminal (vote buttons, note box,
 * pause and cancel): the same people requireSteerer and requireControl let through. A control token's
 * holder is not known here; the page that holds one adds it.
 */
export async function steeringRights(run: Run, actor: Actor): Promise<SteeringRights> {
  const mine = Boolean(actor.id && actor.id === run.createdBy);
  if (!run.sessionId) {
    return { steer: mine, vote: mine, control: mine, comment: Boolean(actor.id), moderate: mine, me: actor.id, joined_at: null };
  }
  const access = await loadAccess(run.sessionId, actor.userId);
  const { role, joinedAt } = access;
  const limits = await guestLimits({ ...access, userId: actor.userId });
  const steer = (role === "owner" || role === "editor") && limits.act;
  return {
    steer,
    vote: steer && limits.vote,
    control: steer || mine,
    comment: Boolean(actor.userId) && limits.act,
    moderate: role === "owner",
    me: actor.userId,
    joined_at: joinedAt?.toISOString() ?? null,
  };
}
