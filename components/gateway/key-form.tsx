"use client";
import Link from "next/link";
import { useState } from "react";
import { FormError, inputClass, PrimaryButton } from "@/components/ui/form";

export function GatewayKeyForm({ error, onSubmit }: { error: string | null; onSubmit: (key: string) => Promise<void> }) {
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
        Watching the gateway needs an API key that may subscribe to the <code className="font-mono">gateway</code> channel: make
        one on the{" "}
        <Link href="/keys" className="text-indigo-700 hover:underline dark:text-indigo-300">
          API keys page
        </Link>{" "}
        with the scope <code className="font-mono">subscribe:gateway</code>. It stays in this tab only.
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
          aria-describedby={error ? "gateway-key-error" : undefined}
          className={`${inputClass} font-mono`}
        />
      </label>
      <FormError error={error} id="gateway-key-error" />
      <PrimaryButton busy={busy} busyLabel="Connecting…" disabled={!key.trim()}>
        Connect
      </PrimaryButton>
    </form>
  );
}
