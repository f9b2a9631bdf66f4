"use client";
// Steering on the timeline: the open gate (votes for editors, the proposal and its rules for everyone),
// the note box for editors, and a link back to the run's session.
import Link from "next/link";
import { waitingAt } from "@/lib/runs/state/run-selectors";
import type { RunState } from "@/lib/runs/state/run-state";
import { mayVoteAt } from "@/lib/runs/steering/gate-rules";
import { GatePanel } from "./gate-panel";
import { NoteComposer } from "./steering-forms";

export function RunSteering({ state, done }: { state: RunState; done: boolean }) {
  const gate = waitingAt(state);
  const { run, rights } = state;
  const proposal = gate ? (state.turns.find((t) => t.turn_id === gate.turn_id)?.text ?? "") : "";
  return (
    <div className="space-y-3">
      {gate && (
        <GatePanel
          runId={run.run_id}
          gate={gate}
          proposal={proposal}
          sessionId={run.session_id}
          canVote={mayVoteAt(gate, rights)}
          joinedAfter={rights.vote && !mayVoteAt(gate, rights)}
          signInToVote={rights.steer && !rights.vote}
          me={rights.me}
        />
      )}
      {rights.steer && !done && <NoteComposer runId={run.run_id} agents={run.agents} />}
    </div>
  );
}

export function BackToSession({ sessionId, runId }: { sessionId: string; runId: string }) {
  return (
    <Link
      href={`/sessions/${sessionId}?run=${runId}`}
      className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
      data-testid="back-to-session"
    >
      ← Back to the session
    </Link>
  );
}
