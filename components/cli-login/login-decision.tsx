"use client";
import Link from "next/link";
import { useState } from "react";
import type { DecideLoginResponse } from "@/app/api/v1/cli/login/decision/route";
import { FormError, inputClass, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";

/** Allow or Deny a terminal's login; once answered, what happened and where the key is. */
export function LoginDecision({ userCode, keyName }: { userCode: string; keyName: string }) {
  const [busy, setBusy] = useState<"allow" | "deny" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<DecideLoginResponse | null>(null);
  const decide = async (decision: "allow" | "deny") => {
    setBusy(decision);
    setError(null);
    try {
      setAnswer(
        await api<DecideLoginResponse>("/api/v1/cli/login/decision", { method: "POST", json: { user_code: userCode, decision } }),
      );
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(null);
  };
  if (answer) {
    return (
      <p
        role="status"
        className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950"
      >
        {answer.status === "approved" ? (
          <>
            Allowed: your terminal collects “{keyName}” within seconds. You can close this page; the key is listed on{" "}
            <Link href="/keys" className="text-indigo-700 underline dark:text-indigo-300">
              the keys page
            </Link>
            .
          </>
        ) : (
          "Denied: the terminal gets no key."
        )}
      </p>
    );
  }
  return (
    <div className="grid gap-3">
      <FormError error={error} />
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => decide("allow")}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          {busy === "allow" ? "Allowing…" : "Allow"}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => decide("deny")}
          className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {busy === "deny" ? "Denying…" : "Deny"}
        </button>
      </div>
    </div>
  );
}

/** Where a person types the code their terminal shows (a plain GET form: it works before any script runs). */
export function CodeForm({ error }: { error?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <form action="/cli/login" method="get" className="mx-auto grid max-w-md gap-4 py-10" onSubmit={() => setBusy(true)}>
      <h1 className="text-2xl font-semibold">Sign in a terminal</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        Type the code <code className="font-mono">parley login</code> shows in your terminal.
      </p>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Code</span>
        <input
          name="code"
          required
          maxLength={32}
          autoComplete="off"
          autoCapitalize="characters"
          placeholder="BCDF-GHJK"
          className={`${inputClass} font-mono uppercase tracking-widest`}
        />
      </label>
      <FormError error={error ?? null} />
      <PrimaryButton busy={busy} busyLabel="Looking…">
        Continue
      </PrimaryButton>
    </form>
  );
}
