"use client";
import Link from "next/link";
import { KeyPrompt } from "@/components/ui/key-prompt";

export function GatewayKeyForm({
  error,
  onSubmit,
  selfServe,
}: {
  error: string | null;
  onSubmit: (key: string) => Promise<void>;
  /** Whether a key made on the keys page will do, or only one from the server's operator. */
  selfServe: boolean;
}) {
  return (
    <KeyPrompt id="gateway-key" error={error} onSubmit={onSubmit}>
      {selfServe ? (
        <>
          Watching the gateway needs an API key that may subscribe to the <code className="font-mono">gateway</code> channel: make
          one on the{" "}
          <Link href="/keys" className="text-indigo-700 underline dark:text-indigo-300">
            API keys page
          </Link>{" "}
          with “Call models through the LLM gateway” ticked — then this page connects by itself and a demo call is one click away.
          It stays in this tab only.
        </>
      ) : (
        <>
          This server's gateway reaches real model providers, so it is watched with a key from its operator (
          <code className="font-mono">npm run apikey -- --scope subscribe:gateway</code>); keys made on the keys page are not let
          in. It stays in this tab only.
        </>
      )}
    </KeyPrompt>
  );
}
