import type { StreamStatus } from "@/lib/events/stream-state";

const styles: Record<StreamStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting", dot: "bg-amber-400" },
  live: { label: "Live", dot: "bg-emerald-500" },
  reconnecting: { label: "Reconnecting", dot: "bg-amber-500 animate-pulse" },
  closed: { label: "Disconnected", dot: "bg-red-500" },
};

/** `unreadable`: events that arrived but could not be read (lib/events/stream-state.ts), said beside it. */
export function ConnectionBadge({ status, unreadable = 0 }: { status: StreamStatus; unreadable?: number }) {
  const { label, dot } = styles[status];
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span
        role="status"
        data-status={status}
        className="inline-flex items-center gap-2 rounded-full border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700"
      >
        <span aria-hidden className={`h-2 w-2 rounded-full ${dot}`} />
        {label}
      </span>
      <UnreadableEvents count={unreadable} />
    </span>
  );
}

/**
 * The page may be missing what unreadable events said — usually it is older than the server that sent
 * them, which a reload fixes. The detail is in the browser's console.
 */
export function UnreadableEvents({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <span data-testid="unreadable-events" className="text-sm text-amber-800 dark:text-amber-300">
      {count === 1 ? "1 update" : `${count} updates`} could not be read: reload the page
    </span>
  );
}
