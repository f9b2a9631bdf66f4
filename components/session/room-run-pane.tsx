"use client";
// The run open in a session's room, beside the chat: the same live timeline as the run page, with who
// is watching, a link to the run's own page, and a way to close it.
import Link from "next/link";
import { RunPage } from "@/components/run/run-page";

export function RoomRunPane({ runId, onClose }: { runId: string; onClose: () => void }) {
  return (
    <section
      aria-label="Run"
      data-testid="run-pane"
      className="min-w-0 space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <div className="flex items-center justify-between gap-3 text-sm">
        <Link href={`/runs/${runId}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          Open on its own page
        </Link>
        <button type="button" onClick={onClose} className="text-zinc-500 hover:underline" aria-label="Close the run pane">
          Close ✕
        </button>
      </div>
      <RunPage key={runId} id={runId} inRoom />
    </section>
  );
}
