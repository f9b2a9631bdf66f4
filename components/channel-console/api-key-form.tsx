"use client";
import Link from "next/link";
import { KeyPrompt } from "@/components/ui/key-prompt";

export function ApiKeyForm({ error, onSubmit }: { error: string | null; onSubmit: (key: string) => Promise<void> }) {
  return (
    <KeyPrompt id="api-key" error={error} onSubmit={onSubmit}>
      This channel needs an API key with the <code className="font-mono">subscribe</code> scope.{" "}
      <Link href="/keys" className="text-indigo-700 underline dark:text-indigo-300">
        Create one on the keys page
      </Link>{" "}
      (or with <code className="font-mono">npm run apikey -- --name me</code>). It stays in this tab only.
    </KeyPrompt>
  );
}
