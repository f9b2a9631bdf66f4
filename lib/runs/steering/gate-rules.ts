// How people's votes decide a gate, and the same rule in words: the engine's tally (./gates.ts), the run
// page's gate panel and the terminal's gate line read it from here, so what a vote is said to do is what
// it does. Pure.
import type { GateDecision } from "./schemas";
import type { GateView, SteeringRights } from "./views";

interface Vote {
  decision: GateDecision;
  /** A redirect's instruction. */
  note?: string | null;
}

export interface GateOutcome<V extends Vote> {
  decision: GateDecision;
  /** A redirect's instruction for the agent: each distinct instruction once, in the order given. */
  note: string | null;
  /** The votes that made the decision. */
  voters: V[];
}

/** The decision the votes make, if they make one: any reject at once; else a quorum of approvals or of redirects. */
export function decideGate<V extends Vote>(votes: readonly V[], quorum: number): GateOutcome<V> | null {
  const by = (d: GateDecision) => votes.filter((v) => v.decision === d);
  const rejects = by("reject");
  if (rejects.length > 0) return { decision: "reject", note: rejects[0]?.note ?? null, voters: rejects };
  const approvals = by("approve");
  if (approvals.length >= quorum) return { decision: "approve", note: null, voters: approvals };
  const redirects = by("redirect");
  if (redirects.length >= quorum) return { decision: "redirect", note: joinedInstructions(redirects), voters: redirects };
  return null;
}

/** Redirect instructions as the agent reads them: two people asking the same thing are read once. */
function joinedInstructions(votes: readonly Vote[]): string {
  const seen = new Set<string>();
  const notes: string[] = [];
  for (const v of votes) {
    const note = v.note?.trim();
    if (!note || seen.has(note.toLowerCase())) continue;
    seen.add(note.toLowerCase());
    notes.push(note);
  }
  return notes.join("\n");
}

/** Votes so far for each decision. */
export function gateTally(votes: readonly Vote[]): Record<GateDecision, number> {
  const tally: Record<GateDecision, number> = { approve: 0, redirect: 0, reject: 0 };
  for (const v of votes) tally[v.decision]++;
  return tally;
}

export interface GateRule {
  decision: GateDecision;
  /** "Approve", "Redirect", "Reject". */
  label: string;
  /** Votes this decision needs to be taken. */
  needs: number;
  /** Votes it has. */
  has: number;
  /** What happens when it is taken. */
  effect: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Each decision of a gate: what it does, how many votes it needs, how many it has — before and while people vote. */
export function gateRules(gate: Pick<GateView, "quorum" | "votes">): GateRule[] {
  const has = gateTally(gate.votes);
  const { quorum } = gate;
  return [
    { decision: "approve", label: "Approve", needs: quorum, has: has.approve, effect: "the run goes on to the next step" },
    {
      decision: "redirect",
      label: "Redirect",
      needs: quorum,
      has: has.redirect,
      effect: `the agent writes its turn again with the instruction${quorum > 1 ? "s (each different one once)" : ""}`,
    },
    {
      decision: "reject",
      label: "Reject",
      needs: 1,
      has: has.reject,
      effect: "one is enough: the run ends at once, as cancelled",
    },
  ];
}

/** The votes against what each decision needs, in one line: "approve 1/2 · redirect 0/2 · reject 0/1". */
export function gateRuleLine(gate: Pick<GateView, "quorum" | "votes">): string {
  return gateRules(gate)
    .map((r) => `${r.decision} ${r.has}/${r.needs}`)
    .join(" · ");
}

/** What a timeout does to the gate, in words; null when it waits as long as it takes. */
export function gateTimeoutLine(
  gate: Pick<GateView, "timeout_at" | "default_action">,
  time: (iso: string) => string,
): string | null {
  if (!gate.timeout_at) return null;
  return `decided as “${gate.default_action}” at ${time(gate.timeout_at)} if nobody decides before`;
}

/**
 * Whether someone who joined the run's session at `joinedAt` may vote at a gate opened at `openedAt`: only
 * if they were in before it opened. Someone who joins later — a second browser re-opening an editor's link
 * with a fresh cookie, say — is not another person the quorum may count. Null `joinedAt`: outside a session.
 */
export function joinedBeforeGate(joinedAt: Date | string | null, openedAt: Date | string): boolean {
  if (joinedAt === null) return true;
  return new Date(joinedAt).getTime() <= new Date(openedAt).getTime();
}

/** Whether the caller may vote at `gate` (the page offers the buttons, the vote route lets the vote through). */
export const mayVoteAt = (gate: Pick<GateView, "opened_at">, rights: Pick<SteeringRights, "vote" | "joined_at">): boolean =>
  rights.vote && joinedBeforeGate(rights.joined_at, gate.opened_at);

/** Why a guest who steers may not vote (lib/sessions/guests.ts): the session counts accounts at its gates. */
export const SIGN_IN_TO_VOTE_MESSAGE = "Sign in to vote: this session counts accounts at its gates";

/** Why a steerer may not vote at `gate`, for the page: they joined after it opened. */
export const joinedAfterGateText = "You joined after this gate opened, so it is decided by those who were here before.";

/** Who decides the gate: the session's editors and owner, or whoever started a run outside a session. */
export const gateDeciders = (sessionId: string | null): string =>
  sessionId ? "the session's editors and owner" : "whoever started the run";

/** "1 more approval, 2 redirects or a reject": what is still missing for each decision. */
export function stillNeeded(gate: Pick<GateView, "quorum" | "votes">): string {
  const [approve, redirect] = gateRules(gate);
  const more = (r: GateRule | undefined, word: string) => plural(Math.max(0, (r?.needs ?? 0) - (r?.has ?? 0)), word);
  return `${more(approve, "more approval")}, ${more(redirect, "more redirect")} or a reject`;
}
