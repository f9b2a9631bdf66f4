"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { CreateSessionResponse } from "@/app/api/v1/collaborate/route";
import { FormError, inputClass as input, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import { rememberInvite } from "./invite-storage";

export function CreateSessionForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid max-w-xl grid-cols-1 gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        try {
          const displayName = String(form.get("display_name") ?? "").trim();
          if (displayName) localStorage.setItem("parley.displayName", displayName);
          const created = await api<CreateSessionResponse>("/api/v1/collaborate", {
            method: "POST",
            json: sessionRequest(form, displayName),
          });
          rememberInvite(created.session_id, "editor", created.invite_url);
          router.push(`/sessions/${created.session_id}`);
        } catch (err) {
          setError(messageOf(err));
          setBusy(false);
        }
      }}
    >
      <SessionFields />
      <FormError error={error} />
      <PrimaryButton busy={busy} busyLabel="Creating…">
        Start a session
      </PrimaryButton>
    </form>
  );
}

/** The body of POST /api/v1/collaborate from the form. */
function sessionRequest(form: FormData, displayName: string) {
  return {
    title: String(form.get("title") ?? ""),
    description: String(form.get("description") ?? "") || undefined,
    is_public: form.get("is_public") === "on",
    max_participants: Number(form.get("max_participants") ?? 50),
    ...(displayName && { display_name: displayName }),
  };
}

function SessionFields() {
  return (
    <>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Title</span>
        <input name="title" required maxLength={200} className={input} placeholder="Design review: auth service" />
      </label>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Description (optional)</span>
        <textarea name="description" maxLength={2000} rows={2} className={input} />
      </label>
      <div className="flex flex-wrap gap-4">
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Your name</span>
          <input name="display_name" maxLength={60} className={input} placeholder="Host" />
        </label>
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Max participants</span>
          <input name="max_participants" type="number" min={2} max={1000} defaultValue={50} className={`${input} w-32`} />
        </label>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input name="is_public" type="checkbox" className="h-4 w-4" />
        Public: anyone with the link can read along (only invited people can write)
      </label>
    </>
  );
}
