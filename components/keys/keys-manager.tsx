"use client";
import Link from "next/link";
import { useState } from "react";
import useSWR from "swr";
import type { CreateKeyResponse, ListKeysResponse } from "@/app/api/v1/keys/route";
import { CopyButton } from "@/components/ui/copy-button";
import { api, fetcher } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import { CreateKeyForm, type GatewayOffer } from "./create-key-form";

type ApiKeyView = ListKeysResponse["keys"][number];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

/** The key just made, shown this once, with how to use it. */
function NewKey({ created, origin }: { created: CreateKeyResponse; origin: string }) {
  return (
    <section
      aria-label="Your new key"
      className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950"
    >
      <p className="font-semibold">“{created.name}” is ready. Copy it now: it is shown only this once.</p>
      <div className="flex flex-wrap items-center gap-3">
        <code data-testid="new-key" className="min-w-0 break-all rounded bg-white px-2 py-1 font-mono dark:bg-zinc-900">
          {created.key}
        </code>
        <CopyButton text={created.key} label="Copy key" />
      </div>
      <p>
        Publish with it:{" "}
        <code className="break-all font-mono">{`curl -X POST ${origin}/api/v1/channels/demo/events -H "Authorization: Bearer ${created.key.slice(0, 10)}…"`}</code>
        , or{" "}
        <Link href="/channels/demo" className="text-indigo-700 underline dark:text-indigo-300">
          open the console for #demo
        </Link>{" "}
        and send a test event.
      </p>
      {created.scopes.includes("gateway") && (
        <p data-testid="new-key-gateway">
          Call models with it:{" "}
          <code className="break-all font-mono">{`curl -N ${origin}/api/v1/gateway/openai/v1/chat/completions -H "Authorization: Bearer ${created.key.slice(0, 10)}…" -H "Content-Type: application/json" -d '{"model":"demo","stream":true,"messages":[{"role":"user","content":"Say hi"}]}'`}</code>
          , or{" "}
          <Link href="/gateway" className="text-indigo-700 underline dark:text-indigo-300">
            open the gateway page
          </Link>{" "}
          and make a demo call with one click.
        </p>
      )}
    </section>
  );
}

export function KeysManager({ origin, gateway }: { origin: string; gateway: GatewayOffer }) {
  const { data, error, mutate } = useSWR<ListKeysResponse>("/api/v1/keys", fetcher);
  const [created, setCreated] = useState<CreateKeyResponse | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const revoke = async (k: ApiKeyView) => {
    if (!confirm(`Revoke “${k.name}”? Anything using it stops working.`)) return;
    setRevokeError(null);
    try {
      await api(`/api/v1/keys/${k.id}`, { method: "DELETE" });
      await mutate();
    } catch (err) {
      setRevokeError(messageOf(err));
    }
  };
  return (
    <div className="space-y-8">
      {created && <NewKey created={created} origin={origin} />}
      <CreateKeyForm
        gateway={gateway}
        onCreated={(key) => {
          setCreated(key);
          void mutate();
        }}
      />
      <section aria-labelledby="keys-heading" className="space-y-3">
        <h2 id="keys-heading" className="text-xl font-semibold">
          Your keys
        </h2>
        {error && <p className="text-sm text-red-700 dark:text-red-400">{messageOf(error)}</p>}
        {revokeError && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {revokeError}
          </p>
        )}
        {!data ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading keys…</p>
        ) : data.keys.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No keys yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {data.keys.map((k) => (
              <KeyRow key={k.id} apiKey={k} onRevoke={() => revoke(k)} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** One key: its name, scopes and use, and a way to revoke it while it works. */
function KeyRow({ apiKey: k, onRevoke }: { apiKey: ApiKeyView; onRevoke: () => void }) {
  return (
    <li data-key-id={k.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2 text-sm">
      <div className="min-w-0 space-y-0.5">
        <p className="font-medium">
          {k.name} <code className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{k.prefix}…</code>
        </p>
        <p className="break-words font-mono text-xs text-zinc-600 dark:text-zinc-400">{k.scopes.join(" · ")}</p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="key-usage">
          Created {when(k.created_at)} · last used {when(k.last_used_at)}
        </p>
      </div>
      {k.revoked_at ? (
        <span className="rounded bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">revoked</span>
      ) : (
        <button
          type="button"
          aria-label={`Revoke ${k.name}`}
          onClick={onRevoke}
          className="rounded-md border border-red-300 px-3 py-1 text-xs text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
        >
          Revoke
        </button>
      )}
    </li>
  );
}
