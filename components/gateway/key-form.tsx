"use client";
import Link from "next/link";
import { KeyPrompt } from "@/components/ui/key-prompt";

export function GatewayKeyForm({ error, onSubmit }: { error: string | null; onSubmit: (key: string) => Promise<void> }) {
  return (
    <KeyPrompt id="gateway-key" error={error} onSubmit={onSubmit}>
      Watching the gateway needs an API key that may subscribe to the <code className="font-mono">gateway</code> channel: make one
      on the{" "}
      <Link href="/keys" className="text-indigo-700 hover:underline dark:text-indigo-300">
        API keys page
      </Link>{" "}
      with the scope <code className="font-mono">subscribe:gateway</code>. It stays in this tab only.
    </KeyPrompt>
  );
}
