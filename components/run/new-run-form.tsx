"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { CreateRunResponse } from "@/app/api/v1/runs/route";
import { FormError, inputClass as input, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";

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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid max-w-2xl gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const formElement = e.currentTarget;
        const form = new FormData(formElement);
        setBusy(true);
        setError(null);
        try {
          const budget = Number(form.get("budget_usd") || 0);
          const created = await api<CreateRunResponse>("/api/v1/runs", {
            method: "POST",
            json: {
              task: String(form.get("task") ?? ""),
              ...(strategy && { strategy }),
              ...(strategy === "debate" && { rounds: Number(form.get("rounds") ?? 2) }),
              ...(budget > 0 && { budget_usd: budget }),
              ...(sessionId && { session_id: sessionId }),
              ...(form.get("approval") &&
                form.get("approval") !== "none" && {
                  approval: String(form.get("approval")),
                  approval_quorum: Number(form.get("approval_quorum") || 1),
                }),
            },
          });
          sessionStorage.setItem(`parley.run.${created.run_id}`, created.control_token);
          if (onStarted) {
            formElement.reset();
            setBusy(false);
            onStarted(created.run_id);
          } else router.push(`/runs/${created.run_id}`);
        } catch (err) {
          setError((err as Error).message);
          setBusy(false);
        }
      }}
    >
      <label className="grid gap-1 text-sm">
        <span className="font-medium">Task</span>
        <textarea
          name="task"
          required
          maxLength={4000}
          rows={compact ? 2 : 3}
          className={input}
          placeholder="Build a REST API with JWT auth"
        />
      </label>
      <div className="flex flex-wrap items-end gap-4">
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Strategy</span>
          <select name="strategy" value={strategy} onChange={(e) => setStrategy(e.target.value)} className={input}>
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
          <input name="budget_usd" type="number" min={0} step="0.001" className={`${input} w-36`} placeholder="no limit" />
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
      <FormError error={error} />
      <PrimaryButton busy={busy} busyLabel="Starting…">
        Start run
      </PrimaryButton>
    </form>
  );
}
