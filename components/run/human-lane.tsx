"use client";
// The people's side of a run on its timeline: their notes, the gates and how they were decided, and
// comments pinned to events — in the order they happened, each with its author.
import type { RunState } from "@/lib/runs/state/run-state";
import type { CommentView } from "@/lib/runs/steering/views";
import { deleteComment } from "./steering-forms";

type Entry =
  | { kind: "note"; at: string; id: string; who: string; text: string; to: string | null }
  | { kind: "gate"; at: string; id: string; text: string }
  | { kind: "comment"; at: string; comment: CommentView };

function entries(state: RunState): Entry[] {
  const notes: Entry[] = state.notes.map((n) => ({
    kind: "note",
    at: n.created_at,
    id: n.id,
    who: n.display_name,
    text: n.content,
    to: n.to,
  }));
  const gates: Entry[] = state.gates
    .filter((g) => g.decision !== null)
    .map((g) => ({
      kind: "gate",
      at: g.decided_at ?? "",
      id: g.gate_id,
      text: `Step ${g.step} (${g.agent}): ${g.decision}${
        g.votes.length
          ? ` by ${g.votes
              .filter((v) => v.decision === g.decision)
              .map((v) => v.display_name)
              .join(", ")}`
          : " (timed out)"
      }${g.note ? ` — “${g.note}”` : ""}`,
    }));
  const comments: Entry[] = state.comments
    .filter((c) => "event_id" in c.anchor)
    .map((c) => ({ kind: "comment", at: c.created_at, comment: c }));
  return [...notes, ...gates, ...comments].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export function HumanLane({ state }: { state: RunState }) {
  const list = entries(state);
  if (list.length === 0) return null;
  return (
    <section
      aria-label="People"
      data-lane="people"
      className="space-y-2 rounded-lg border border-amber-300 p-4 dark:border-amber-800"
    >
      <h2 className="font-semibold">People</h2>
      <ol className="space-y-2 text-sm">
        {list.map((e) => (
          <li key={e.kind === "comment" ? e.comment.id : e.id} data-entry={e.kind}>
            {e.kind === "note" && (
              <p>
                <span className="font-medium">{e.who}</span>
                <span className="text-zinc-600 dark:text-zinc-400"> → {e.to ?? "every agent"}: </span>
                {e.text}
              </p>
            )}
            {e.kind === "gate" && <p className="text-violet-700 dark:text-violet-300">🚦 {e.text}</p>}
            {e.kind === "comment" && <CommentLine runId={state.run.run_id} comment={e.comment} state={state} />}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function CommentLine({ runId, comment, state }: { runId: string; comment: CommentView; state: RunState }) {
  const mayDelete = state.rights.moderate || comment.author === state.rights.me;
  return (
    <p data-comment-id={comment.id} className="text-sm">
      💬 <span className="font-medium">{comment.display_name}</span>: {comment.content}
      {mayDelete && (
        <button
          type="button"
          onClick={() => void deleteComment(runId, comment.id)}
          className="ml-2 text-xs text-zinc-600 dark:text-zinc-400 hover:underline"
        >
          delete
        </button>
      )}
    </p>
  );
}
