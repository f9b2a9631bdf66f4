"use client";
// Under each turn of a lane: the people's notes it took into account, the comments pinned to it, and — for
// those who may start runs here — "Fork from here".
import type { LaneTurn, RunState } from "@/lib/runs/state/run-state";
import { ForkFromHere } from "./fork-form";
import { CommentLine } from "./human-lane";
import { CommentBox } from "./steering-forms";

export function TurnExtras({ turn, state, forkable = false }: { turn: LaneTurn; state: RunState; forkable?: boolean }) {
  const notes = state.notes.filter((n) => turn.interjections.includes(n.id));
  const comments = state.comments.filter((c) => "turn_id" in c.anchor && c.anchor.turn_id === turn.turn_id);
  return (
    <div className="space-y-1">
      {notes.map((n) => (
        <p
          key={n.id}
          data-testid="note-read"
          className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200"
        >
          📝 Took into account {n.display_name}’s note: “{n.content}”
        </p>
      ))}
      {comments.map((c) => (
        <CommentLine key={c.id} runId={state.run.run_id} comment={c} state={state} />
      ))}
      <div className="flex flex-wrap items-center gap-3">
        {state.rights.comment && turn.status !== "running" && (
          <CommentBox runId={state.run.run_id} anchor={{ turn_id: turn.turn_id }} label={`Comment on ${turn.agent}'s turn`} />
        )}
        {forkable && turn.status !== "running" && (
          <ForkFromHere runId={state.run.run_id} turnId={turn.turn_id} agent={turn.agent} />
        )}
      </div>
    </div>
  );
}
