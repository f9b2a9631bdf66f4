"use client";
// The gate a run waits at: what the agent proposes (rendered, as its lane renders it), what each decision
// does and how many votes it needs — before anyone votes — the votes so far per decision, who decides and
// until when, and (for those who may) the vote.
import { useState } from "react";
import { Markdown } from "@/components/ui/markdown";
import {
  type GateRule,
  gateDeciders,
  gateRules,
  gateTimeoutLine,
  joinedAfterGateText,
  SIGN_IN_TO_VOTE_MESSAGE,
} from "@/lib/runs/steering/gate-rules";
import type { GateView } from "@/lib/runs/steering/views";
import { GateVote } from "./steering-forms";

const clock = (iso: string) => new Date(iso).toLocaleTimeString();

export function GatePanel({
  runId,
  gate,
  proposal,
  sessionId,
  canVote,
  joinedAfter = false,
  signInToVote = false,
  me,
}: {
  runId: string;
  gate: GateView;
  /** The proposing turn's whole text (the gate itself carries a preview). */
  proposal: string;
  sessionId: string | null;
  canVote: boolean;
  /** An editor who joined after the gate opened: not theirs to decide (gate-rules.ts mayVoteAt). */
  joinedAfter?: boolean;
  /** A guest steering a session that counts accounts at its gates (lib/sessions/guests.ts). */
  signInToVote?: boolean;
  me: string | null;
}) {
  const timeout = gateTimeoutLine(gate, clock);
  return (
    <section
      aria-label="Approval gate"
      data-gate-id={gate.gate_id}
      className="space-y-3 rounded-lg border-2 border-violet-400 bg-violet-50 p-4 dark:border-violet-700 dark:bg-violet-950/40"
    >
      <div className="space-y-1">
        <h2 className="font-semibold">
          Waiting for approval: step {gate.step}, {gate.agent}
        </h2>
        <p className="text-xs text-zinc-700 dark:text-zinc-300" data-testid="gate-waiting">
          Since {clock(gate.opened_at)}, for {gateDeciders(sessionId)} ·{" "}
          {timeout ?? "no timeout: the run waits until someone decides"}
        </p>
      </div>
      <Proposal text={proposal || gate.proposal_preview} />
      <ul className="grid gap-1 text-sm" data-testid="gate-tally" aria-label="What each decision does">
        {gateRules(gate).map((rule) => (
          <RuleLine key={rule.decision} rule={rule} voters={gate.votes.filter((v) => v.decision === rule.decision)} />
        ))}
      </ul>
      {canVote ? (
        <GateVote runId={runId} gate={gate} me={me} />
      ) : signInToVote ? (
        <p className="text-xs text-zinc-700 dark:text-zinc-300" data-testid="gate-sign-in-to-vote">
          {SIGN_IN_TO_VOTE_MESSAGE}.{" "}
          <a href="/sign-in" className="text-indigo-700 underline dark:text-indigo-300">
            Sign in
          </a>
        </p>
      ) : joinedAfter ? (
        <p className="text-xs text-zinc-700 dark:text-zinc-300" data-testid="gate-joined-after">
          {joinedAfterGateText}
        </p>
      ) : (
        <p className="text-xs text-zinc-700 dark:text-zinc-300">
          {sessionId ? "The session's editors and owner decide; you are watching." : "Whoever started the run decides."}
        </p>
      )}
    </section>
  );
}

const needsWord: Record<GateRule["decision"], [string, string]> = {
  approve: ["approval", "approvals"],
  redirect: ["redirect", "redirects"],
  reject: ["reject", "rejects"],
};

/** "Approve: 1 of 2 approvals (Olga) — the run goes on to the next step". */
function RuleLine({ rule, voters }: { rule: GateRule; voters: { display_name: string }[] }) {
  const [one, many] = needsWord[rule.decision];
  return (
    <li data-decision={rule.decision}>
      <span className="font-medium">{rule.label}:</span>{" "}
      <span className="tabular-nums">
        {rule.has} of {rule.needs} {rule.needs === 1 ? one : many}
      </span>
      {voters.length > 0 && <span> ({voters.map((v) => v.display_name).join(", ")})</span>}
      <span className="text-zinc-700 dark:text-zinc-300"> — {rule.effect}</span>
    </li>
  );
}

/** The proposal as Markdown, folded to a few lines until someone asks for the whole of it. */
function Proposal({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > 280 || text.split("\n").length > 6;
  return (
    <div className="space-y-1">
      <div
        data-testid="gate-proposal"
        className={`break-words rounded bg-white/70 px-3 py-1 text-sm dark:bg-zinc-900/60 ${long && !open ? "max-h-32 overflow-hidden" : ""}`}
      >
        <Markdown text={text} />
      </div>
      {long && (
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          className="text-xs text-indigo-700 underline dark:text-indigo-300"
        >
          {open ? "Show less" : "Show the whole proposal"}
        </button>
      )}
    </div>
  );
}
