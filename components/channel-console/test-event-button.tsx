"use client";
import { useState } from "react";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";

/** Publishes a `console.test` event with the console's key, so a newcomer sees the console work. */
export function TestEventButton({ channel, apiKey }: { channel: string; apiKey: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(0);
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await api(`/api/v1/channels/${channel}/events`, {
              method: "POST",
              headers: { Authorization: `Bearer ${apiKey}` },
              json: { type: "console.test", data: { message: "Hello from the console", n: sent + 1 } },
            });
            setSent((n) => n + 1);
          } catch (err) {
            setError(messageOf(err));
          } finally {
            setBusy(false);
          }
        }}
        className="rounded-md border border-indigo-300 px-4 py-2 text-sm font-medium text-indigo-800 hover:bg-indigo-50 disabled:opacity-60 dark:border-indigo-700 dark:text-indigo-200 dark:hover:bg-indigo-950"
      >
        Send a test event
      </button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          The test event was refused: {error}
        </p>
      )}
    </>
  );
}
