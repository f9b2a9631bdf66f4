"use client";
// A run in a list that waits at a gate says for whom, since when and until when — the room's RUNS list
// and /mine — as the run's own header does.
import { gateDeciders } from "@/lib/runs/steering/gate-rules";
import type { WaitingView } from "@/lib/runs/views";

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function WaitingNote({ waiting, sessionId }: { waiting: WaitingView; sessionId: string | null }) {
  return (
    <span className="block text-xs text-violet-800 dark:text-violet-300" data-testid="waiting-note">
      Step {waiting.step} ({waiting.agent}) waits for {gateDeciders(sessionId)} since{" "}
      <time dateTime={waiting.opened_at} suppressHydrationWarning>
        {clock(waiting.opened_at)}
      </time>
      {waiting.timeout_at ? (
        <>
          {" "}
          · “{waiting.default_action}” at{" "}
          <time dateTime={waiting.timeout_at} suppressHydrationWarning>
            {clock(waiting.timeout_at)}
          </time>{" "}
          if nobody decides
        </>
      ) : (
        " · no timeout"
      )}
    </span>
  );
}
