"use client";
import { useState } from "react";
import { api } from "@/hooks/api";
import type { RunStatus } from "@/lib/runs/schemas";

type Control = "cancel" | "pause" | "resume";

/** The control token this browser got when it started the run (anonymous runs). */
function controlHeaders(runId: string): Record<string, string> {
  const token = typeof window !== "undefined" ? sessionStorage.getItem(`parley.run.${runId}`) : null;
  return token ? { "X-Parley-Control-Token": token } : {};
}

const buttonClass = "rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700";

/** Pause or resume, and cancel, for a run still going; a refusal is shown beside the buttons. */
export function RunControls({ runId, status }: { runId: string; status: RunStatus }) {
  const [error, setError] = useState<string | null>(null);
  const control = async (action: Control) => {
    setError(null);
    try {
      await api(`/api/v1/runs/${runId}/${action}`, { method: "POST", headers: controlHeaders(runId) });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="flex flex-wrap gap-2">
      {status === "paused" ? (
        <button type="button" onClick={() => control("resume")} className={buttonClass}>
          Resume
        </button>
      ) : (
        <button type="button" onClick={() => control("pause")} className={buttonClass}>
          Pause
        </button>
      )}
      <button
        type="button"
        onClick={() => control("cancel")}
        className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 dark:border-red-800 dark:text-red-300"
      >
        Cancel
      </button>
      {error && (
        <p role="alert" className="self-center text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
