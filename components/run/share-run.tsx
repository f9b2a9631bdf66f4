"use client";
// Share links of one run, for whoever may control it (its creator, its session's editors and owner):
// create one (read-only, expiring), copy it — its token is shown once — list and revoke. A reader who came
// by a link sees a line saying so instead.
import { useCallback, useEffect, useState } from "react";
import type { CreateShareLinkResponse, ListShareLinksResponse } from "@/app/api/v1/runs/[id]/share-links/route";
import { CopyButton } from "@/components/ui/copy-button";
import { api } from "@/hooks/api";
import { useShareToken } from "@/hooks/useShareToken";
import { messageOf } from "@/lib/errors";
import type { ShareLinkView } from "@/lib/runs/share/schemas";
import { controlHeaders } from "./run-controls";

const LIFETIMES = [
  { label: "1 day", seconds: 24 * 3600 },
  { label: "7 days", seconds: 7 * 24 * 3600 },
  { label: "30 days", seconds: 30 * 24 * 3600 },
];

const linkClass = "text-indigo-700 hover:underline dark:text-indigo-300";
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function ShareRun({ runId, mayShare }: { runId: string; mayShare: boolean }) {
  const shareToken = useShareToken();
  if (shareToken) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="shared-read-only">
        You are reading this run through a share link: read-only, and only this run.
      </p>
    );
  }
  return mayShare ? <SharePanel runId={runId} /> : null;
}

function SharePanel({ runId }: { runId: string }) {
  const [open, setOpen] = useState(false);
  const [links, setLinks] = useState<ShareLinkView[] | null>(null);
  // A link's URL carries its token, which the server shows only once: known for the links made here.
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [lifetime, setLifetime] = useState(LIFETIMES[1]?.seconds ?? 604_800);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/v1/runs/${runId}/share-links`;

  const load = useCallback(async () => {
    try {
      setLinks((await api<ListShareLinksResponse>(base, { headers: controlHeaders(runId) })).links);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [base, runId]);
  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const create = () =>
    act(async () => {
      const link = await api<CreateShareLinkResponse>(base, {
        method: "POST",
        json: { expires_in_s: lifetime },
        headers: controlHeaders(runId),
      });
      setUrls((u) => ({ ...u, [link.id]: link.url }));
    });
  const revoke = (id: string) =>
    act(async () => {
      await api(`${base}/${id}`, { method: "DELETE", headers: controlHeaders(runId) });
    });

  const standing = links?.filter((l) => !l.revoked && !l.expired) ?? [];
  return (
    <details
      className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
      data-testid="share-run"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer font-medium">Share this run</summary>
      <div className="mt-3 space-y-2">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          A read-only link to this run alone, for people outside the session. Revoking it ends its open views at once.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <select
            value={lifetime}
            onChange={(e) => setLifetime(Number(e.currentTarget.value))}
            aria-label="How long the link works"
            className="rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
          >
            {LIFETIMES.map((l) => (
              <option key={l.seconds} value={l.seconds}>
                {l.label}
              </option>
            ))}
          </select>
          <button type="button" className={linkClass} onClick={create} aria-label="Create a share link">
            Create link
          </button>
        </div>
        {links === null && open && <p className="text-xs text-zinc-600 dark:text-zinc-400">Loading links…</p>}
        {links !== null && standing.length === 0 && <p className="text-xs text-zinc-600 dark:text-zinc-400">No link is open.</p>}
        <ul className="space-y-2">
          {standing.map((link) => (
            <li key={link.id} className="space-y-1" data-testid="share-link">
              <div className="flex items-center justify-between gap-2">
                <span className="text-xs text-zinc-600 dark:text-zinc-400">Works until {when(link.expires_at)}</span>
                <span className="flex gap-2">
                  {urls[link.id] && <CopyButton text={urls[link.id] ?? ""} ariaLabel="Copy the share link" />}
                  <button type="button" className={linkClass} onClick={() => revoke(link.id)} aria-label="Revoke this share link">
                    Revoke
                  </button>
                </span>
              </div>
              {urls[link.id] && (
                <input
                  readOnly
                  value={urls[link.id]}
                  aria-label="Share link"
                  onFocus={(e) => e.currentTarget.select()}
                  className="w-full min-w-0 rounded border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
                />
              )}
            </li>
          ))}
        </ul>
        {error && (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
