"use client";
import { useEffect, useState } from "react";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import type { RunStatus } from "@/lib/runs/schemas";

type Control = "cancel" | "pause" | "resume";

const tokenKey = (runId: string) => `parley.run.${runId}`;

/** The control token this browser got when it started the run (anonymous runs). */
export function controlHeaders(runId: string): Record<string, string> {
  const token = typeof window !== "undefined" ? sessionStorage.getItem(tokenKey(runId)) : null;
  return token ? { "X-Parley-Control-Token": token } : {};
}

/**
 * Whether this reader may pause and cancel the run: the server says so for its creator and its session's
 * editors (`rights.control`); a tab that started the run holds its control token. Everyone else (viewers,
 * readers of a public run) sees no controls rather than a refusal after a click.
 */
export function useMayControl(runId: string, control: boolean): boolean {
  const [hasToken, setHasToken] = useState(false);
  useEffect(() => setHasToken(Boolean(sessionStorage.getItem(tokenKey(runId)))), [runId]);
  return control || hasToken;
}

const buttonClass = "rounded-md border border-zinc-300 px-3 py-1.5 text-sm disabled:opacity-60 dark:border-zinc-700";
// A run pauses between turns: until the run says it paused, say what is going on.
const pendingText: Record<Control, string> = {
  pause: "Pausing after this turn…",
  resume: "Resuming…",
  cancel: "Cancelling…",
};

/** Pause or resume, and cancel, for a run still going; a refusal is shown beside the buttons. */
export function RunControls({ runId, status }: { runId: string; status: RunStatus }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Control | null>(null);
  // The run's own status ends the wait: paused, running again, or ended.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of status is what clears it
  useEffect(() => setPending(null), [status]);
  const control = async (action: Control) => {
    setError(null);
    setPending(action);
    try {
      await api(`/api/v1/runs/${runId}/${action}`, { method: "POST", headers: controlHeaders(runId) });
    } catch (e) {
      setPending(null);
      setError(messageOf(e));
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      {status === "paused" ? (
        <button type="button" onClick={() => control("resume")} disabled={pending !== null} className={buttonClass}>
          Resume
        </button>
      ) : (
        <button type="button" onClick={() => control("pause")} disabled={pending !== null} className={buttonClass}>
          Pause
        </button>
      )}
      <button
        type="button"
        onClick={() => control("cancel")}
        disabled={pending === "cancel"}
        className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 disabled:opacity-60 dark:border-red-800 dark:text-red-300"
      >
        Cancel
      </button>
      <p role="status" data-testid="control-pending" className="text-sm text-zinc-600 dark:text-zinc-400">
        {pending && pendingText[pending]}
      </p>
      {error && (
        <p role="alert" className="self-center text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
