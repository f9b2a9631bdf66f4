"use client";
import { useMemo, useState } from "react";
import { useEventStream } from "@/hooks/useEventStream";
import {
  applyConsoleEvent,
  type ConsoleState,
  emptyConsole,
  type PausedAt,
  pendingCount,
  visibleEvents,
} from "@/lib/channels/console-state";
import { messageOf } from "@/lib/errors";
import type { Envelope } from "@/lib/events/envelope";
import { parseTypeFilter } from "@/lib/events/filter";
import { ApiKeyForm } from "./api-key-form";
import { ConnectionBadge } from "./connection-badge";
import { EventRow } from "./event-row";
import { TestEventButton } from "./test-event-button";
import { useChannelAccess } from "./use-channel-access";

export function ChannelConsole({ name, initialToken }: { name: string; initialToken: string | null }) {
  const access = useChannelAccess(name, initialToken);
  const { url, setUrl, authError, connectWithKey, refreshUrl } = access;
  const [filterText, setFilterText] = useState("");
  const [pausedAt, setPausedAt] = useState<PausedAt>(undefined);
  const stream = useEventStream({ url, reduce: applyConsoleEvent, initial: emptyConsole, refreshUrl });
  const filter = useMemo(() => typeFilter(filterText), [filterText]);
  const visible = visibleEvents(stream.data, pausedAt, filter.match);

  if (!url) {
    return (
      <div className="space-y-6">
        <h1 className="font-mono text-2xl font-semibold">#{name}</h1>
        <ApiKeyForm
          error={authError}
          onSubmit={async (key) => {
            const next = await connectWithKey(key);
            if (next) setUrl(next);
          }}
        />
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="font-mono text-2xl font-semibold">#{name}</h1>
        <ConnectionBadge status={stream.status} unreadable={stream.unreadable} />
      </div>
      {stream.status === "closed" && <StreamRefused authError={authError} onConnectWithKey={() => setUrl(null)} />}
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Filter by type</span>
          <input
            value={filterText}
            onChange={(e) => setFilterText(e.target.value)}
            placeholder="agent.*, run.completed"
            aria-invalid={filter.error !== null}
            className="w-72 rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        <PauseButton data={stream.data} pausedAt={pausedAt} onPausedAt={setPausedAt} />
        {access.apiKey && <TestEventButton channel={name} apiKey={access.apiKey} />}
        <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          <span data-testid="received-count">{stream.data.received}</span> received · {stream.reconnects} reconnects
          {stream.data.resets > 0 && ` · ${stream.data.resets} history resets`}
        </p>
      </div>
      {filter.error && <p className="text-sm text-red-700 dark:text-red-400">{filter.error}</p>}
      <EventList name={name} events={visible} />
    </div>
  );
}

/** The stream was refused (an expired read link, a revoked key): back to the key form. */
function StreamRefused({ authError, onConnectWithKey }: { authError: string | null; onConnectWithKey: () => void }) {
  return (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      {authError ?? "The stream was refused — the read link may have expired."}{" "}
      <button type="button" className="underline" onClick={onConnectWithKey}>
        Connect with an API key
      </button>
    </p>
  );
}

/** The type filter typed so far: its matcher, or why it is not one yet. */
function typeFilter(text: string) {
  try {
    return { match: parseTypeFilter(text), error: null };
  } catch (error) {
    return { match: null, error: messageOf(error) };
  }
}

/** Freezes the list at the newest event (new ones are counted, not shown) until resumed. */
function PauseButton({
  data,
  pausedAt,
  onPausedAt,
}: {
  data: ConsoleState;
  pausedAt: PausedAt;
  onPausedAt: (pausedAt: PausedAt) => void;
}) {
  const paused = pausedAt !== undefined;
  const pending = pendingCount(data, pausedAt);
  return (
    <button
      type="button"
      onClick={() => onPausedAt(paused ? undefined : (data.events.at(-1)?.id ?? null))}
      aria-pressed={paused}
      className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
    >
      {paused ? `Resume${pending ? ` (${pending} new)` : ""}` : "Pause"}
    </button>
  );
}

/** The events shown, newest first. */
function EventList({ name, events }: { name: string; events: Envelope[] }) {
  if (events.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-zinc-600 dark:text-zinc-400 dark:border-zinc-700">
        Waiting for events on <span className="font-mono">#{name}</span>…
      </p>
    );
  }
  return (
    <ol aria-label="Events, newest first" className="rounded-lg border border-zinc-200 dark:border-zinc-800">
      {events
        .slice()
        .reverse()
        .map((event) => (
          <EventRow key={event.id} event={event} />
        ))}
    </ol>
  );
}
