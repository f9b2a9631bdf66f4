"use client";
// What outside producers bring to a run page besides lanes: the run's shared state (AG-UI STATE_*), and
// the events kept as they came (AG-UI RAW, CUSTOM, unknown types) — collapsed, like a console.
import type { LogEntryView } from "@/lib/runs/views";

const box = "rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";

export function StatePanel({ state }: { state: unknown }) {
  if (state === null || state === undefined) return null;
  return (
    <section aria-label="Run state" className={box} data-testid="run-state">
      <h2 className="mb-2 font-semibold">Run state</h2>
      <pre className="max-h-80 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-900">
        {JSON.stringify(state, null, 2)}
      </pre>
    </section>
  );
}

export function EventLog({ log }: { log: LogEntryView[] }) {
  if (log.length === 0) return null;
  return (
    <details className={box} data-testid="event-log">
      <summary className="cursor-pointer font-semibold">Event log ({log.length})</summary>
      <ol className="mt-2 space-y-1">
        {log.map((entry) => (
          <li key={entry.id} className="font-mono text-xs" data-log-type={entry.type}>
            <span className="text-zinc-600 dark:text-zinc-400">{new Date(entry.created_at).toLocaleTimeString()}</span>{" "}
            <span className="font-semibold">
              {entry.source} {entry.type}
            </span>{" "}
            <span className="break-all">{JSON.stringify(entry.data)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}

/** A turn's reasoning, folded away unless someone wants to read it. */
export function Reasoning({ text }: { text: string }) {
  if (!text) return null;
  return (
    <details className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="turn-reasoning">
      <summary className="cursor-pointer">Reasoning</summary>
      <p className="mt-1 whitespace-pre-wrap">{text}</p>
    </details>
  );
}
