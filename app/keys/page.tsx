import type { Metadata } from "next";
import { KeysManager } from "@/components/keys/keys-manager";
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
          watch them, start runs and take part in sessions — as you. Only a hash is stored: a key is shown once, when it is made.
        </p>
      </div>
      <KeysManager origin={await requestOrigin()} />
    </div>
  );
}
