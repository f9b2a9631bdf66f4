"use client";
import { useState } from "react";
import type { CreateKeyResponse } from "@/app/api/v1/keys/route";
import { FormError, inputClass, PrimaryButton } from "@/components/ui/form";
import { tabApiKey } from "@/components/ui/tab-api-key";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";

const scopeKinds = [
  { action: "publish", label: "Publish events to channels" },
  { action: "subscribe", label: "Watch channels (console, streams)" },
] as const;

/** Whether keys made here may use the LLM gateway on this server (lib/gateway/access.ts), and if not, why. */
export interface GatewayOffer {
  selfServe: boolean;
  /** A real provider is configured (a self-made key would spend the operator's account). */
  hasProvider: boolean;
}

/** Name, scopes (each with a channel pattern, and the gateway's when the server allows it), create. */
export function CreateKeyForm({ onCreated, gateway }: { onCreated: (key: CreateKeyResponse) => void; gateway: GatewayOffer }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid max-w-xl grid-cols-1 gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        // Kept before the request: React's event no longer knows its form once the request is answered.
        const formElement = e.currentTarget;
        const form = new FormData(formElement);
        const scopes = chosenScopes(form);
        setError(null);
        if (scopes.length === 0) {
          setError("Choose at least one scope: publish, subscribe, runs or the gateway.");
          return;
        }
        setBusy(true);
        try {
          const created = await api<CreateKeyResponse>("/api/v1/keys", {
            method: "POST",
            json: { name: String(form.get("name") ?? ""), scopes },
          });
          if (form.get("use_in_console") === "on") tabApiKey.set(created.key);
          onCreated(created);
          formElement.reset();
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Name</span>
        <input name="name" required maxLength={100} className={inputClass} placeholder="nightly ingest job" />
      </label>
      <ScopeFields gateway={gateway} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="use_in_console" defaultChecked className="h-4 w-4 shrink-0" />
        Use this key on this tab's pages (the channel console, the gateway)
      </label>
      <FormError error={error} />
      <PrimaryButton busy={busy} busyLabel="Creating…">
        Create key
      </PrimaryButton>
    </form>
  );
}

/** The scopes ticked, channel scopes as `action:pattern` (no pattern: every channel), and `runs`. */
function chosenScopes(form: FormData): string[] {
  return (
    scopeKinds
      .filter((s) => form.get(s.action) === "on")
      .map((s) => `${s.action}:${String(form.get(`${s.action}_pattern`) || "*").trim()}`)
      .concat(form.get("runs") === "on" ? ["runs"] : [])
      // Calling the gateway, and watching the calls on the gateway page whatever the channel patterns.
      .concat(form.get("gateway") === "on" ? ["gateway", "subscribe:gateway"] : [])
  );
}

/** A checkbox per scope, each with the channels it covers. */
function ScopeFields({ gateway }: { gateway: GatewayOffer }) {
  return (
    <fieldset className="grid gap-2 text-sm">
      <legend className="mb-1 font-medium">Scopes</legend>
      {scopeKinds.map((s) => (
        <div key={s.action} className="flex flex-wrap items-center gap-2">
          <label className="flex min-w-56 items-center gap-2">
            <input type="checkbox" name={s.action} defaultChecked className="h-4 w-4" />
            {s.label}
          </label>
          <label className="flex items-center gap-2">
            <span className="text-zinc-700 dark:text-zinc-300">on channels</span>
            <input
              name={`${s.action}_pattern`}
              defaultValue="*"
              maxLength={128}
              aria-label={`Channels the key may ${s.action} on`}
              className={`${inputClass} w-40 py-1 font-mono`}
            />
          </label>
        </div>
      ))}
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        A pattern is a channel name or a glob: <code className="font-mono">*</code> for every channel,{" "}
        <code className="font-mono">ingest.*</code> for a family. The key also starts runs and joins sessions as you.
      </p>
      <label className="flex items-center gap-2">
        <input type="checkbox" name="runs" className="h-4 w-4 shrink-0" />
        Stream runs in from outside (external runs, AG-UI)
      </label>
      <GatewayScope gateway={gateway} />
    </fieldset>
  );
}

/** The gateway's scopes where keys made here may have them; where they may not, why. */
function GatewayScope({ gateway }: { gateway: GatewayOffer }) {
  return (
    <div className="grid gap-1">
      <label className={`flex items-center gap-2 ${gateway.selfServe ? "" : "text-zinc-600 dark:text-zinc-400"}`}>
        <input
          type="checkbox"
          name="gateway"
          disabled={!gateway.selfServe}
          aria-describedby="gateway-scope-help"
          className="h-4 w-4 shrink-0"
        />
        Call models through the LLM gateway, and watch the calls on the gateway page
      </label>
      <p id="gateway-scope-help" className="pl-6 text-xs text-zinc-600 dark:text-zinc-400">
        {gateway.selfServe ? (
          <>
            Adds <code className="font-mono">gateway</code> and <code className="font-mono">subscribe:gateway</code>.{" "}
            {gateway.hasProvider
              ? "This server's gateway reaches a real model provider: calls with this key are billed to its operator's account."
              : "Only the built-in demo model answers here: calls cost nothing."}
          </>
        ) : gateway.hasProvider ? (
          <>
            Not offered here: this server's gateway reaches a real model provider, so it takes keys from its operator (
            <code className="font-mono">npm run apikey -- --scope gateway</code>) — a key anyone can make would spend the
            operator's account.
          </>
        ) : (
          <>
            Not offered here: the operator has closed the gateway to keys made on this page (
            <code className="font-mono">PARLEY_GATEWAY_SELF_SERVE=false</code>).
          </>
        )}
      </p>
    </div>
  );
}
