"use client";
import { useEffect, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import { knownInvite, rememberInvite } from "./invite-storage";

type InviteRole = "editor" | "viewer";

function InviteRow({ sessionId, inviteRole: role }: { sessionId: string; inviteRole: InviteRole }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setUrl(knownInvite(sessionId, role)), [sessionId, role]);

  const mint = async (rotate: boolean) => {
    setError(null);
    try {
      const invite = await api<{ invite_url: string }>(`/api/v1/collaborate/${sessionId}/invites`, {
        method: "POST",
        json: { role, revoke_existing: rotate },
      });
      rememberInvite(sessionId, role, invite.invite_url);
      setUrl(invite.invite_url);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <div className="space-y-1 text-sm">
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium capitalize">{role} link</span>
        <span className="flex gap-2">
          {url && <CopyButton text={url} ariaLabel={`Copy the ${role} link`} />}
          <button
            type="button"
            className="text-indigo-700 hover:underline dark:text-indigo-300"
            onClick={() => mint(url !== null)}
            aria-label={`${url ? "Rotate" : "Create"} the ${role} link`}
          >
            {url ? "Rotate" : "Create"}
          </button>
        </span>
      </div>
      {url && (
        <input
          readOnly
          value={url}
          aria-label={`${role} invite link`}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full min-w-0 rounded border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
        />
      )}
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

export function InvitePanel({ sessionId }: { sessionId: string }) {
  return (
    <section aria-labelledby="invite-heading" className="space-y-3">
      <h2 id="invite-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        Invite
      </h2>
      <InviteRow sessionId={sessionId} inviteRole="editor" />
      <InviteRow sessionId={sessionId} inviteRole="viewer" />
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Rotating revokes the previous links of that role. Links expire after 7 days.
      </p>
    </section>
  );
}
