import type { Metadata } from "next";
import { AgentsManager } from "@/components/agents/agents-manager";

export const metadata: Metadata = { title: "Agents" };
export const dynamic = "force-dynamic";

export default function AgentsPage() {
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Agents</h1>
        <p className="max-w-2xl text-zinc-600 dark:text-zinc-400">
          Save agents — a name, a model, instructions — and give them tasks. A task runs as a Parley run you can watch, steer and
          share; scripts reach the same agents through <code className="font-mono">/api/v1/agents</code> (AgentArea's API) with an
          API key.
        </p>
      </div>
      <AgentsManager />
    </div>
  );
}
