"use client";
// The form that asks for an API key where a page needs one (the channel console, the gateway view): what
// the key is for, the key, Connect. The key is handed to `onSubmit`; the page keeps it (tab-api-key.ts).
import { type ReactNode, useState } from "react";
import { FormError, inputClass, PrimaryButton } from "./form";

export function KeyPrompt({
  id,
  error,
  onSubmit,
  children,
}: {
  /** Names the error message, for `aria-describedby`. */
  id: string;
  error: string | null;
  onSubmit: (key: string) => Promise<void>;
  /** Which key this page needs and where to make one. */
  children: ReactNode;
}) {
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const errorId = `${id}-error`;
  return (
    <form
      className="max-w-xl space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          await onSubmit(key.trim());
        } finally {
          setBusy(false);
        }
      }}
    >
      <p className="text-zinc-600 dark:text-zinc-400">{children}</p>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">API key</span>
        <input
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          className={`${inputClass} font-mono`}
        />
      </label>
      <FormError error={error} id={errorId} />
      <PrimaryButton busy={busy} busyLabel="Connecting…" disabled={!key.trim()}>
        Connect
      </PrimaryButton>
    </form>
  );
}
