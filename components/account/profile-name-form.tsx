"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError, inputClass, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";

export function ProfileNameForm({ current }: { current: string }) {
  const router = useRouter();
  const [name, setName] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api("/api/v1/me", { method: "PATCH", json: { display_name: name } });
      setSaved(true);
      router.refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className="grid max-w-sm gap-2">
      <label htmlFor="profile-name" className="text-sm font-medium">
        Display name
      </label>
      <input
        id="profile-name"
        className={inputClass}
        value={name}
        maxLength={80}
        required
        onChange={(e) => setName(e.target.value)}
      />
      <FormError error={error} />
      <PrimaryButton busy={busy} busyLabel="Saving…">
        Save
      </PrimaryButton>
      {saved ? (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Saved.
        </p>
      ) : null}
    </form>
  );
}
