"use client";
// The agents page: the built-in roles (read-only) and the person's saved agents — made, changed and
// deleted here — each able to start a task, which runs as a Parley run linked from here.
import { useState } from "react";
import useSWR from "swr";
import type { ListAgentsResponse } from "@/app/api/v1/agents/route";
import { api, fetcher } from "@/hooks/api";
import type { AgentView } from "@/lib/agents/schemas";
import { messageOf } from "@/lib/errors";
import { AgentForm } from "./agent-form";
import { TaskForm } from "./task-form";

export function AgentsManager() {
  const { data, error, mutate } = useSWR<ListAgentsResponse>("/api/v1/agents", fetcher);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const builtins = data?.agents.filter((a) => a.built_in) ?? [];
  const own = data?.agents.filter((a) => !a.built_in) ?? [];
  const remove = async (agent: AgentView) => {
    if (!confirm(`Delete “${agent.name}”? Its tasks go with it; their runs stay.`)) return;
    setDeleteError(null);
    try {
      await api(`/api/v1/agents/${agent.id}`, { method: "DELETE" });
      await mutate();
    } catch (err) {
      setDeleteError(messageOf(err));
    }
  };
  return (
    <div className="space-y-10">
      <section aria-labelledby="own-heading" className="space-y-4">
        <h2 id="own-heading" className="text-xl font-semibold">
          Your agents
        </h2>
        <AgentForm onSaved={() => void mutate()} />
        {error && <p className="text-sm text-red-700 dark:text-red-400">{messageOf(error)}</p>}
        {deleteError && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {deleteError}
          </p>
        )}
        {!data ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading agents…</p>
        ) : own.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No agents of your own yet.</p>
        ) : (
          <ul className="grid gap-4">
            {own.map((a) => (
              <AgentCard key={a.id} agent={a} onChanged={() => void mutate()} onDelete={() => remove(a)} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="builtin-heading" className="space-y-4">
        <h2 id="builtin-heading" className="text-xl font-semibold">
          Built-in agents
        </h2>
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          The roles of Parley's strategies. A task on one runs its team: the pipeline's five, or a debate with its judge.
        </p>
        <ul className="grid gap-4 md:grid-cols-2">
          {builtins.map((a) => (
            <AgentCard key={a.id} agent={a} onChanged={() => void mutate()} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function AgentCard({ agent, onChanged, onDelete }: { agent: AgentView; onChanged: () => void; onDelete?: () => void }) {
  const [editing, setEditing] = useState(false);
  return (
    <li
      data-agent-id={agent.id}
      className="min-w-0 space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      aria-label={agent.name}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="font-semibold">
            {agent.name}{" "}
            {agent.built_in && (
              <span className="ml-1 rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-normal text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                built-in
              </span>
            )}
          </h3>
          <p className="font-mono text-xs text-zinc-600 dark:text-zinc-400">
            {agent.model}
            {agent.tools.length > 0 && ` · tools: ${agent.tools.join(", ")}`}
          </p>
        </div>
        {!agent.built_in && !editing && (
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => setEditing(true)}
              aria-label={`Edit ${agent.name}`}
              className="rounded-md border border-zinc-300 px-3 py-1 text-xs dark:border-zinc-700"
            >
              Edit
            </button>
            <button
              type="button"
              onClick={onDelete}
              aria-label={`Delete ${agent.name}`}
              className="rounded-md border border-red-300 px-3 py-1 text-xs text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
            >
              Delete
            </button>
          </div>
        )}
      </div>
      {editing ? (
        <AgentForm
          agent={agent}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        agent.instructions && (
          <p className="line-clamp-3 whitespace-pre-wrap break-words text-sm text-zinc-700 dark:text-zinc-300">
            {agent.instructions}
          </p>
        )
      )}
      <TaskForm agent={agent} />
    </li>
  );
}
