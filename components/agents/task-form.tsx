"use client";
// Starting a task on an agent, as AgentArea's clients do: create it (POST …/tasks), execute it streaming
// (POST …/execute) — then its run is a Parley run, watched live on /runs/{run_id}.
import Link from "next/link";
import { useState } from "react";
import type { ExecuteTaskResponse } from "@/app/api/v1/agents/[agent_id]/tasks/[task_id]/execute/route";
import { FormError, inputClass, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";
import type { AgentView } from "@/lib/agents/schemas";
import { TASK_TEXT_MAX, type TaskView, taskViewSchema } from "@/lib/agents/task-schemas";
import { messageOf } from "@/lib/errors";

export function TaskForm({ agent }: { agent: AgentView }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<ExecuteTaskResponse | null>(null);
  const id = `task-${agent.id}`;
  return (
    <form
      aria-label={`Start a task on ${agent.name}`}
      className="grid gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const formElement = e.currentTarget;
        const description = String(new FormData(formElement).get("description") ?? "");
        setError(null);
        setBusy(true);
        try {
          const base = `/api/v1/agents/${encodeURIComponent(agent.id)}/tasks`;
          const task: TaskView = await api(base, {
            method: "POST",
            json: { description, task_parameters: { enable_streaming: true } },
            schema: taskViewSchema,
          });
          setStarted(
            await api<ExecuteTaskResponse>(`${base}/${task.id}/execute`, { method: "POST", json: { enable_streaming: true } }),
          );
          formElement.reset();
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label htmlFor={id} className="text-sm font-medium">
        Task for {agent.name}
        {agent.built_in && <span className="font-normal text-zinc-600 dark:text-zinc-400"> (runs with its team)</span>}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          name="description"
          required
          maxLength={TASK_TEXT_MAX}
          className={`${inputClass} min-w-0 flex-1 text-sm`}
          placeholder="Explain quantum computing in simple terms"
        />
        <PrimaryButton busy={busy} busyLabel="Starting…">
          Start task
        </PrimaryButton>
      </div>
      <FormError error={error} />
      {started?.run_url && (
        <p className="text-sm" data-testid="task-started">
          Task started —{" "}
          <Link href={started.run_url} className="text-indigo-700 underline dark:text-indigo-300">
            watch its run
          </Link>
        </p>
      )}
    </form>
  );
}
