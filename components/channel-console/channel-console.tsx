"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useEventStream } from "@/hooks/useEventStream";
import { applyConsoleEvent, emptyConsole, type PausedAt, pendingCount, visibleEvents } from "@/lib/channels/console-state";
import { messageOf } from "@/lib/errors";
import { parseTypeFilter } from "@/lib/events/filter";
import { ApiKeyForm } from "./api-key-form";
import { ConnectionBadge } from "./connection-badge";
import { EventRow } from "./event-row";
import { TestEventButton } from "./test-event-button";

const KEY_STORAGE = "parley.apiKey";

const streamUrl = (name: string, token: string) => `/api/v1/channels/${name}/stream?token=${encodeURIComponent(token)}`;

/** Trades the API key for a short-lived read token (EventSource cannot send an Authorization header). */
async function mintStreamUrl(name: string, apiKey: string): Promise<{ url: string } | { error: string }> {
  const response = await fetch(`/api/v1/channels/${name}/tokens`, {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ ttl_s: 3600 }),
  });
  const body = (await response.json().catch(() => null)) as { token?: string; error?: { message?: string } } | null;
  if (!response.ok || !body?.token) return { error: body?.error?.message ?? `The server answered ${response.status}` };
  return { url: streamUrl(name, body.token) };
}

export function ChannelConsole({ name, initialToken }: { name: string; initialToken: string | null }) {
  const [apiKey, setApiKey] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(initialToken ? streamUrl(name, initialToken) : null);
  const [authError, setAuthError] = useState<string | null>(null);
  const [filterText, setFilterText] = useState("");
  const [pausedAt, setPausedAt] = useState<PausedAt>(undefined);

  const connectWithKey = useCallback(
    async (key: string) => {
      const result = await mintStreamUrl(name, key);
      if ("error" in result) {
        setAuthError(result.error);
        sessionStorage.removeItem(KEY_STORAGE);
        setApiKey(null);
        return null;
      }
      setAuthError(null);
      sessionStorage.setItem(KEY_STORAGE, key);
      setApiKey(key);
      return result.url;
    },
    [name],
  );

  useEffect(() => {
    const stored = sessionStorage.getItem(KEY_STORAGE);
    if (stored && !initialToken) void connectWithKey(stored).then((u) => u && setUrl(u));
  }, [connectWithKey, initialToken]);

  const refreshUrl = useMemo(() => (apiKey ? () => connectWithKey(apiKey) : undefined), [apiKey, connectWithKey]);
  const stream = useEventStream({ url, reduce: applyConsoleEvent, initial: emptyConsole, refreshUrl });

  const filter = useMemo(() => {
    try {
      return { match: parseTypeFilter(filterText), error: null };
    } catch (error) {
      return { match: null, error: messageOf(error) };
    }
  }, [filterText]);

  const paused = pausedAt !== undefined;
  const visible = visibleEvents(stream.data, pausedAt, filter.match);
  const pending = pendingCount(stream.data, pausedAt);

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
        <ConnectionBadge status={stream.status} />
      </div>
      {stream.status === "closed" && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {authError ?? "The stream was refused — the read link may have expired."}{" "}
          <button type="button" className="underline" onClick={() => setUrl(null)}>
            Connect with an API key
          </button>
        </p>
      )}
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
        <button
          type="button"
          onClick={() => setPausedAt(paused ? undefined : (stream.data.events.at(-1)?.id ?? null))}
          aria-pressed={paused}
          className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          {paused ? `Resume${pending ? ` (${pending} new)` : ""}` : "Pause"}
        </button>
        {apiKey && <TestEventButton channel={name} apiKey={apiKey} />}
        <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          <span data-testid="received-count">{stream.data.received}</span> received · {stream.reconnects} reconnects
          {stream.data.resets > 0 && ` · ${stream.data.resets} history resets`}
        </p>
      </div>
      {filter.error && <p className="text-sm text-red-700 dark:text-red-400">{filter.error}</p>}
      {visible.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-zinc-600 dark:text-zinc-400 dark:border-zinc-700">
          Waiting for events on <span className="font-mono">#{name}</span>…
        </p>
      ) : (
        <ol aria-label="Events, newest first" className="rounded-lg border border-zinc-200 dark:border-zinc-800">
          {visible
            .slice()
            .reverse()
            .map((event) => (
              <EventRow key={event.id} event={event} />
            ))}
        </ol>
      )}
    </div>
  );
}
