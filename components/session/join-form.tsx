"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { JoinResponse } from "@/app/api/v1/collaborate/join/route";
import { FormError, inputClass, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";

/** `accountName`: the signed-in account's profile name, which the session shows (a guest types one). */
export function JoinForm({
  token,
  title,
  role,
  accountName,
}: {
  token: string;
  title: string;
  role: string;
  accountName: string | null;
}) {
  const router = useRouter();
  const [name, setName] = useState(accountName ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!accountName) setName(localStorage.getItem("parley.displayName") ?? "");
  }, [accountName]);

  return (
    <form
      className="mx-auto grid max-w-md gap-4 py-10"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const joined = await api<JoinResponse>("/api/v1/collaborate/join", {
            method: "POST",
            json: { invite_token: token, display_name: name.trim() },
          });
          localStorage.setItem("parley.displayName", name.trim());
          router.push(`/sessions/${joined.session_id}`);
        } catch (err) {
          setError(messageOf(err));
          setBusy(false);
        }
      }}
    >
      <h1 className="text-2xl font-semibold">Join “{title}”</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        You are invited as {role === "viewer" ? "a viewer (you can read and watch)" : "an editor (you can write and start runs)"}.
      </p>
      {accountName ? (
        <p className="text-sm">
          You join as <strong>{accountName}</strong>, your account&apos;s name (
          <a href="/profile" className="underline">
            change it on your profile
          </a>
          ).
        </p>
      ) : (
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Your name</span>
          <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
        </label>
      )}
      <FormError error={error} />
      <PrimaryButton busy={busy} busyLabel="Joining…" disabled={!name.trim()}>
        Join session
      </PrimaryButton>
    </form>
  );
}
