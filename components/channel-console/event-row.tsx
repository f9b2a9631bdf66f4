import type { Envelope } from "@/lib/events/envelope";

export function EventRow({ event }: { event: Envelope }) {
  const data = JSON.stringify(event.data);
  const time = event.ts.slice(11, 23);
  return (
    <li
      data-event-id={event.id}
      className="grid grid-cols-[auto_auto_1fr] gap-x-3 border-b border-zinc-100 px-3 py-2 font-mono text-sm dark:border-zinc-900"
    >
      <time dateTime={event.ts} className="text-zinc-600 dark:text-zinc-400">
        {time}
      </time>
      <span className="font-semibold text-indigo-700 dark:text-indigo-300">{event.type}</span>
      <details className="min-w-0">
        <summary className="cursor-pointer truncate text-zinc-700 dark:text-zinc-300">{data}</summary>
        <pre className="mt-2 overflow-x-auto whitespace-pre-wrap rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900">
          {JSON.stringify(event.data, null, 2)}
          {`\n\nid ${event.id}`}
        </pre>
      </details>
    </li>
  );
}
