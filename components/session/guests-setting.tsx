"use client";
// The owner's choice of what guests (people not signed in) may do in the session, shown only where
// sign-in is configured (lib/sessions/guests.ts): watch, chat (the default) or vote.
import { useState } from "react";
import type { PatchSessionResponse } from "@/app/api/v1/collaborate/[id]/route";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import type { GuestRights } from "@/lib/sessions/schemas";

const CHOICES: { value: GuestRights; label: string; hint: string }[] = [
  { value: "watch", label: "Watch", hint: "Guests only read and watch." },
  { value: "chat", label: "Chat", hint: "Guests act as their role, but only accounts vote at gates." },
  { value: "vote", label: "Vote", hint: "Guests' votes count at gates too." },
];

export function GuestsSetting({ base, guests }: { base: string; guests: GuestRights }) {
  const [value, setValue] = useState(guests);
  const [error, setError] = useState<string | null>(null);
  const choose = async (next: GuestRights) => {
    setError(null);
    const before = value;
    setValue(next);
    try {
      setValue((await api<PatchSessionResponse>(base, { method: "PATCH", json: { guests: next } })).guests);
    } catch (err) {
      setValue(before);
      setError(messageOf(err));
    }
  };
  return (
    <section aria-labelledby="guests-heading" className="space-y-2 text-sm" data-testid="guests-setting">
      <h2 id="guests-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        Guests
      </h2>
      <fieldset className="space-y-1">
        <legend className="text-xs text-zinc-600 dark:text-zinc-400">What people who are not signed in may do here</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="flex items-start gap-2">
            <input
              type="radio"
              name="guests"
              value={c.value}
              checked={value === c.value}
              onChange={() => choose(c.value)}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{c.label}</span>{" "}
              <span className="text-xs text-zinc-600 dark:text-zinc-400">{c.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}
