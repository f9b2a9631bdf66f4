"use client";
// One button per configured provider: better-auth answers with the provider's authorisation URL.
import { useState } from "react";
import { FormError } from "@/components/ui/form";

export function SignInButtons({ providers, next }: { providers: { id: string; name: string }[]; next: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function signIn(provider: string) {
    setBusy(provider);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/social", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          provider,
          callbackURL: next,
          errorCallbackURL: `/sign-in?error=1&next=${encodeURIComponent(next)}`,
        }),
      });
      const body = (await response.json().catch(() => null)) as {
        url?: string;
        error?: { message?: string };
        message?: string;
      } | null;
      if (!response.ok || !body?.url)
        throw new Error(body?.error?.message ?? body?.message ?? `Sign-in failed (${response.status})`);
      window.location.assign(body.url);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(null);
    }
  }

  return (
    <div className="grid max-w-sm gap-3">
      {providers.map((p) => (
        <button
          key={p.id}
          type="button"
          disabled={busy !== null}
          onClick={() => signIn(p.id)}
          className="rounded-md border border-zinc-300 bg-white px-4 py-2 text-left text-sm font-medium hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        >
          {busy === p.id ? `Opening ${p.name}…` : `Continue with ${p.name}`}
        </button>
      ))}
      <FormError error={error} />
    </div>
  );
}
