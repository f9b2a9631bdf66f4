// The JSON shapes of steering: notes, gates with their votes, comments — in snapshots, responses and exports.
import type { RunComment, RunGate, RunGateVote, RunNote } from "@/lib/db/generated/browser";
import type { EventData } from "@/lib/events/schemas";
import type { Anchor } from "./schemas";

/** Who has the run open now (lib/presence/run-watchers.ts): participants of its session by name, others counted. */
export type WatchersView = EventData<"run.watchers">;

export function noteView(row: RunNote) {
  return {
    id: row.id,
    author: row.authorId,
    display_name: row.authorName,
    content: row.content,
    to: row.to,
    created_at: row.createdAt.toISOString(),
  };
}
export type NoteView = ReturnType<typeof noteView>;

export function commentView(row: RunComment) {
  const anchor: Anchor = row.turnId ? { turn_id: row.turnId } : { event_id: row.eventId ?? "" };
  return {
    id: row.id,
    author: row.authorId,
    display_name: row.authorName,
    content: row.content,
    anchor,
    created_at: row.createdAt.toISOString(),
  };
}
export type CommentView = ReturnType<typeof commentView>;

export function gateView(row: RunGate & { votes: RunGateVote[] }) {
  return {
    gate_id: row.id,
    step: row.step,
    agent: row.agent,
    turn_id: row.turnId,
    proposal_preview: row.proposalPreview,
    quorum: row.quorum,
    timeout_at: row.timeoutAt?.toISOString() ?? null,
    default_action: row.defaultAction,
    /** When the run stopped to wait for people here. */
    opened_at: row.createdAt.toISOString(),
    decision: row.decision,
    note: row.note,
    decided_at: row.decidedAt?.toISOString() ?? null,
    votes: row.votes.map((v) => ({ user_id: v.userId, display_name: v.displayName, decision: v.decision })),
  };
}
export type GateView = ReturnType<typeof gateView>;

/** What the caller may do on the run: steer (notes, votes), control it, comment, and delete anyone's comment. */
export interface SteeringRights {
  steer: boolean;
  /** Vote at gates: a steerer, unless the session counts accounts and they are a guest (lib/sessions/guests.ts). */
  vote: boolean;
  /** Pause, resume and cancel: the run's creator, or an editor or the owner of its session. */
  control: boolean;
  comment: boolean;
  moderate: boolean;
  /** Who the caller is (their comments and votes carry this id). */
  me: string | null;
  /**
   * When the caller joined the run's session (null outside a session, or not in it): a gate that opened
   * before they joined is not theirs to vote on (./gate-rules.ts mayVoteAt).
   */
  joined_at: string | null;
}
