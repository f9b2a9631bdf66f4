"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { CreateRunResponse } from "@/app/api/v1/runs/route";
import { FormError, inputClass as input, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";

const TASK_MAX = 4000;
/** From here on the counter warns that the limit is near. */
const TASK_WARN = 3600;

/**
 * Starts a run (in a session when `sessionId` is given) and opens its live timeline — on its own page,
 * or where `onStarted` says (a session's room keeps its people in the room).
 */
export function NewRunForm({
  sessionId,
  compact = false,
  onStarted,
}: {
  sessionId?: string;
  compact?: boolean;
  onStarted?: (runId: string) => void;
}) {
  const router = useRouter();
  const [strategy, setStrategy] = useState("");
  const [task, setTask] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid max-w-2xl grid-cols-1 gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const formElement = e.currentTarget;
        setError(null);
        if (!task.trim()) {
          setError("Write a task first: what should the agents work on?");
          return;
        }
        setBusy(true);
        try {
          const json = runRequest(new FormData(formElement), strategy, sessionId);
          const created = await api<CreateRunResponse>("/api/v1/runs", { method: "POST", json });
          sessionStorage.setItem(`parley.run.${created.run_id}`, created.control_token);
          if (onStarted) {
            // The task is done with; the options (strategy, approval, budget) stay as the person chose them.
            setTask("");
            setBusy(false);
            onStarted(created.run_id);
          } else router.push(`/runs/${created.run_id}`);
        } catch (err) {
          setError(messageOf(err));
          setBusy(false);
        }
      }}
    >
      <TaskField
        counterId={sessionId ? `task-count-${sessionId}` : "task-count"}
        rows={compact ? 2 : 3}
        value={task}
        onChange={setTask}
      />
      <RunOptions strategy={strategy} onStrategy={setStrategy} />
      <FormError error={error} />
      <PrimaryButton busy={busy} busyLabel="Starting…">
        Start run
      </PrimaryButton>
    </form>
  );
}

/** The body of POST /api/v1/runs from the form: only what the person chose; the server fills in the rest. */
function runRequest(data: FormData, strategy: string, sessionId: string | undefined) {
  const budget = Number(data.get("budget_usd") || 0);
  return {
    task: String(data.get("task") ?? ""),
    ...(strategy && { strategy }),
    ...(strategy === "debate" && { rounds: Number(data.get("rounds") ?? 2) }),
    ...(budget > 0 && { budget_usd: budget }),
    ...(sessionId && { session_id: sessionId }),
    ...(data.get("approval") &&
      data.get("approval") !== "none" && {
        approval: String(data.get("approval")),
        approval_quorum: Number(data.get("approval_quorum") || 1),
      }),
  };
}

/** The task, with a character counter that warns near the limit; Ctrl+Enter submits its form. */
function TaskField({
  counterId,
  rows,
  value,
  onChange,
}: {
  counterId: string;
  rows: number;
  value: string;
  onChange: (task: string) => void;
}) {
  const taskLength = value.length;
  return (
    <>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Task</span>
        <textarea
          name="task"
          required
          maxLength={TASK_MAX}
          rows={rows}
          className={input}
          placeholder="Build a REST API with JWT auth"
          aria-describedby={counterId}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            // Ctrl+Enter (⌘+Enter on a Mac) starts the run, as in most chat and code tools.
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
      </label>
      <p
        id={counterId}
        data-testid="task-count"
        className={`-mt-2 text-xs ${taskLength >= TASK_WARN ? "font-medium text-amber-800 dark:text-amber-400" : "text-zinc-600 dark:text-zinc-400"}`}
      >
        {taskLength.toLocaleString()} / {TASK_MAX.toLocaleString()} characters
        {taskLength >= TASK_MAX
          ? " — the limit: the rest is cut off"
          : taskLength >= TASK_WARN
            ? ` — ${(TASK_MAX - taskLength).toLocaleString()} left`
            : ""}
        {" · Ctrl+Enter starts the run"}
      </p>
    </>
  );
}

/** How the run goes: its strategy (rounds for a debate), budget and approval. */
function RunOptions({ strategy, onStrategy }: { strategy: string; onStrategy: (strategy: string) => void }) {
  return (
    <div className="flex flex-wrap items-end gap-4">
      <label className="grid min-w-0 max-w-full gap-1 text-sm">
        <span className="font-medium">Strategy</span>
        <select
          name="strategy"
          value={strategy}
          onChange={(e) => onStrategy(e.target.value)}
          className={`${input} w-full max-w-full`}
        >
          <option value="">Choose for me</option>
          <option value="pipeline">Pipeline: Architect → Coder → Reviewer → Refiner → Documenter</option>
          <option value="debate">Debate with a judge</option>
          <option value="race">Race between models</option>
        </select>
      </label>
      {strategy === "debate" && (
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Rounds</span>
          <input name="rounds" type="number" min={1} max={5} defaultValue={2} className={`${input} w-20`} />
        </label>
      )}
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Budget (USD, optional)</span>
        {/* Any amount: demo runs cost fractions of a cent, so 0.0006 is a real budget. */}
        <input name="budget_usd" type="number" min={0} step="any" className={`${input} w-36`} placeholder="no limit" />
      </label>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Approval</span>
        <select name="approval" defaultValue="none" className={input}>
          <option value="none">None: agents go on</option>
          <option value="each_step">Each step waits for approval</option>
          <option value="final">The final step waits for approval</option>
        </select>
      </label>
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Approvals needed</span>
        <input name="approval_quorum" type="number" min={1} max={50} defaultValue={1} className={`${input} w-20`} />
      </label>
    </div>
  );
}
