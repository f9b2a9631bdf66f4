import type { Metadata } from "next";
import { KeyOwnerNote } from "@/components/keys/key-owner-note";
import { KeysManager } from "@/components/keys/keys-manager";
import { pageKeyOwner } from "@/lib/auth/key-owner";
import { gatewayHasProvider, gatewaySelfServe } from "@/lib/gateway/access";
import { requestOrigin } from "@/lib/http/identity/page-origin";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function KeysPage() {
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">API keys</h1>
        <p className="max-w-2xl text-zinc-600 dark:text-zinc-400">
          Keys let scripts, the <code className="font-mono">parley</code> terminal client and outside systems publish to channels,
          watch them, start runs, take part in sessions and, where this server allows it, call models through its LLM gateway — as
          you. Only a hash is stored: a key is shown once, when it is made. In a terminal,{" "}
          <code className="font-mono">parley login</code> makes one for you.
        </p>
        <KeyOwnerNote owner={await pageKeyOwner()} next="/keys" />
      </div>
      {/* The gateway's scopes are offered when the server lets keys made here use it (read at request time). */}
      <KeysManager
        origin={await requestOrigin()}
        gateway={{ selfServe: gatewaySelfServe(), hasProvider: gatewayHasProvider() }}
      />
    </div>
  );
}
