import type { StreamStatus } from "@/lib/events/stream-state";

const styles: Record<StreamStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting", dot: "bg-amber-400" },
  live: { label: "Live", dot: "bg-emerald-500" },
  reconnecting: { label: "Reconnecting", dot: "bg-amber-500 animate-pulse" },
  closed: { label: "Disconnected", dot: "bg-red-500" },
};

export function ConnectionBadge({ status }: { status: StreamStatus }) {
  const { label, dot } = styles[status];
  return (
    <span
      role="status"
      data-status={status}
      className="inline-flex items-center gap-2 rounded-full border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700"
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${dot}`} />
      {label}
    </span>
  );
}
