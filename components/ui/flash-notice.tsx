"use client";
// A one-time notice carried to the next page (e.g. "The session was deleted" after its owner deletes it).
import { useEffect, useState } from "react";

const KEY = "parley.flash";

export function flash(message: string): void {
  sessionStorage.setItem(KEY, message);
}

export function FlashNotice() {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const stored = sessionStorage.getItem(KEY);
    if (stored) {
      sessionStorage.removeItem(KEY);
      setMessage(stored);
    }
  }, []);
  if (!message) return null;
  return (
    <div
      role="status"
      className="flex items-start justify-between gap-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
    >
      <p>{message}</p>
      <button type="button" onClick={() => setMessage(null)} className="text-zinc-700 underline dark:text-zinc-300">
        Dismiss
      </button>
    </div>
  );
}
