"use client";
// Ends this browser's sign-in (better-auth deletes the session; Parley's cookies follow) and reloads as a guest.
import { useState } from "react";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(
      () => null,
    );
    window.location.assign("/");
  }
  return (
    <button
      type="button"
      onClick={signOut}
      disabled={busy}
      className="text-sm text-zinc-700 underline-offset-2 hover:text-zinc-950 hover:underline disabled:opacity-50 dark:text-zinc-300 dark:hover:text-zinc-50"
    >
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
