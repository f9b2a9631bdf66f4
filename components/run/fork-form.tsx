"use client";
// "Fork from here" under a turn: a new run that keeps the turns before this one and runs live from it,
// with an instruction the agent at this turn reads as a note (and, if given, another model). Shown only to
// those who may start runs where the fork lands (lib/runs/fork/may-fork.ts); the new run opens when it starts.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { ForkRunResponse } from "@/app/api/v1/runs/[id]/fork/route";
import { FormError, inputClass, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import { MAX_CONTENT } from "@/lib/runs/steering/schemas";

export function ForkFromHere({ runId, turnId, agent }: { runId: string; turnId: string; agent: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [instruction, setInstruction] = useState("");
  const [model, setModel] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="text-xs text-indigo-700 hover:underline dark:text-indigo-300"
        data-testid="fork-open"
      >
        Fork from here
      </button>
    );
  }
  return (
    <form
      aria-label={`Fork from ${agent}'s turn`}
      className="grid basis-full gap-2 rounded-md border border-indigo-200 p-3 dark:border-indigo-900"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const fork = await api<ForkRunResponse>(`/api/v1/runs/${runId}/fork`, {
            method: "POST",
            json: {
              at: { turn_id: turnId },
              ...(instruction.trim() && { instruction }),
              ...(model.trim() && { model: model.trim() }),
            },
          });
          router.push(`/runs/${fork.run.run_id}`);
        } catch (failure) {
          setError(messageOf(failure));
          setBusy(false);
        }
      }}
    >
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        A new run keeps the turns before this one as they were (not run or billed again) and runs live from {agent}’s turn.
      </p>
      <label htmlFor={`${id}-instruction`} className="text-sm font-medium">
        Instruction for {agent}
      </label>
      <textarea
        id={`${id}-instruction`}
        value={instruction}
        onChange={(e) => setInstruction(e.target.value)}
        maxLength={MAX_CONTENT}
        rows={2}
        placeholder="What to do differently from here"
        className={`${inputClass} text-sm`}
      />
      <label htmlFor={`${id}-model`} className="text-sm font-medium">
        Model from here <span className="font-normal text-zinc-600 dark:text-zinc-400">(optional: the same otherwise)</span>
      </label>
      <input
        id={`${id}-model`}
        value={model}
        onChange={(e) => setModel(e.target.value)}
        placeholder="demo, openai:gpt-4o-mini…"
        className={`${inputClass} text-sm`}
      />
      <FormError error={error} />
      <div className="flex flex-wrap gap-2">
        <PrimaryButton busy={busy} busyLabel="Forking…">
          Fork the run
        </PrimaryButton>
        <button
          type="button"
          onClick={() => setOpen(false)}
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
