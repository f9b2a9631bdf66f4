"use client";
// Steering on the timeline: the open gate (votes for editors, the proposal for everyone), the note box
// for editors, and a link back to the run's session.
import Link from "next/link";
import type { RunState } from "@/lib/runs/state/run-state";
import { openGate } from "@/lib/runs/steering/steering-state";
import { GatePanel, NoteComposer } from "./steering-forms";

export function RunSteering({ state, done }: { state: RunState; done: boolean }) {
  const gate = openGate(state);
  const { run, rights } = state;
  return (
    <div className="space-y-3">
      {gate && !done && <GatePanel runId={run.run_id} gate={gate} canVote={rights.steer} me={rights.me} />}
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
