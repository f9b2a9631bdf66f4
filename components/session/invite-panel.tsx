"use client";
import { useEffect, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import { INVITE_CHANGED, knownInvite, rememberInvite } from "./invite-storage";
import { type GrantableRole, RoleSelect } from "./role-select";

export type InviteRole = GrantableRole;

function InviteRow({ sessionId, inviteRole: role }: { sessionId: string; inviteRole: InviteRole }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const show = () => setUrl(knownInvite(sessionId, role));
    show();
    // A link rotated elsewhere on the page (after removing someone) is the one to show.
    window.addEventListener(INVITE_CHANGED, show);
    return () => window.removeEventListener(INVITE_CHANGED, show);
  }, [sessionId, role]);

  const mint = async (rotate: boolean) => {
    setError(null);
    try {
      setUrl(await mintInvite(sessionId, role, rotate));
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <div className="space-y-1 text-sm">
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">{role === "editor" ? "Editor" : "Viewer"} link</span>
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

/** A new invite link of `role`; `rotate` revokes that role's earlier links. Remembered by this browser. */
export async function mintInvite(sessionId: string, role: InviteRole, rotate: boolean): Promise<string> {
  const invite = await api<{ invite_url: string }>(`/api/v1/collaborate/${sessionId}/invites`, {
    method: "POST",
    json: { role, revoke_existing: rotate },
  });
  rememberInvite(sessionId, role, invite.invite_url);
  return invite.invite_url;
}

/**
 * Links for one person each: the first join uses the link up, so re-opening it in another browser makes
 * nobody new. Shown on this page only (not remembered): each goes to its one person.
 */
function OnePersonLinks({ sessionId, signInConfigured }: { sessionId: string; signInConfigured: boolean }) {
  const [role, setRole] = useState<InviteRole>("editor");
  const [email, setEmail] = useState("");
  const [links, setLinks] = useState<{ url: string; role: InviteRole; email: string | null }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const mint = async () => {
    setError(null);
    const forEmail = signInConfigured && email.trim() ? email.trim() : undefined;
    try {
      const invite = await api<{ invite_url: string; email: string | null }>(`/api/v1/collaborate/${sessionId}/invites`, {
        method: "POST",
        json: { role, single_use: true, ...(forEmail && { email: forEmail }) },
      });
      setLinks((all) => [{ url: invite.invite_url, role, email: invite.email }, ...all]);
      setEmail("");
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <div className="space-y-1 text-sm" data-testid="one-person-links">
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">One-person link</span>
        <span className="flex items-center gap-2">
          <RoleSelect value={role} onChange={setRole} label="Role of the one-person link" />
          <button
            type="button"
            className="text-indigo-700 hover:underline dark:text-indigo-300"
            onClick={mint}
            aria-label="Create a one-person link"
          >
            Create
          </button>
        </span>
      </div>
      {signInConfigured && (
        <label className="flex items-center gap-2 text-xs">
          <span className="shrink-0 text-zinc-600 dark:text-zinc-400">For (email)</span>
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            placeholder="optional"
            className="w-full min-w-0 rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
      )}
      {links.map((link) => (
        <div key={link.url} className="flex items-center gap-2">
          {link.email && (
            <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400" data-testid="invite-for">
              for {link.email}
            </span>
          )}
          <input
            readOnly
            value={link.url}
            aria-label={`Link for one ${link.role}${link.email ? ` (${link.email})` : ""}`}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full min-w-0 rounded border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          />
          <CopyButton text={link.url} ariaLabel={`Copy the one-person ${link.role} link`} />
        </div>
      ))}
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

export function InvitePanel({ sessionId, signInConfigured }: { sessionId: string; signInConfigured: boolean }) {
  return (
    <section aria-labelledby="invite-heading" className="space-y-3">
      <h2 id="invite-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        Invite
      </h2>
      <InviteRow sessionId={sessionId} inviteRole="editor" />
      <InviteRow sessionId={sessionId} inviteRole="viewer" />
      <OnePersonLinks sessionId={sessionId} signInConfigured={signInConfigured} />
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Rotating revokes the previous shared links of that role. A one-person link works for the first person who joins by it,
        once{signInConfigured ? "; given an email, only the signed-in account with that email may use it" : ""}. Links expire
        after 7 days.
      </p>
    </section>
  );
}
