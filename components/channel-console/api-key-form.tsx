"use client";
import { useState } from "react";

export function ApiKeyForm({ error, onSubmit }: { error: string | null; onSubmit: (key: string) => Promise<void> }) {
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="max-w-xl space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        await onSubmit(key.trim());
        setBusy(false);
      }}
    >
      <p className="text-zinc-600 dark:text-zinc-400">
        This channel needs an API key with the <code className="font-mono">subscribe</code> scope. Create one with{" "}
        <code className="font-mono">npm run apikey -- --name me</code>. It stays in this tab only.
      </p>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">API key</span>
        <input
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? "api-key-error" : undefined}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      {error && (
        <p id="api-key-error" role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || !key.trim()}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
      >
        {busy ? "Connecting…" : "Connect"}
      </button>
    </form>
  );
}
