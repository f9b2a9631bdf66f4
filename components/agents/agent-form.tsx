"use client";
// Saving an agent (POST /api/v1/agents) or changing one (PATCH …/{agent_id}): name, model, instructions, tools.
import { useState } from "react";
import { FormError, inputClass, PrimaryButton } from "@/components/ui/form";
import { api } from "@/hooks/api";
import { AGENT_INSTRUCTIONS_MAX, AGENT_NAME_MAX, type AgentView, agentViewSchema } from "@/lib/agents/schemas";
import { messageOf } from "@/lib/errors";

/** The tools field: names separated by commas or new lines. */
const toolsOf = (text: string) =>
  text
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter(Boolean);

export function AgentForm({
  agent,
  onSaved,
  onCancel,
}: {
  /** The agent to change; absent: a new one. */
  agent?: AgentView;
  onSaved: (agent: AgentView) => void;
  onCancel?: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = agent ? `edit-${agent.id}` : "new-agent";
  return (
    <form
      aria-label={agent ? `Edit ${agent.name}` : "New agent"}
      className="grid max-w-xl grid-cols-1 gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const formElement = e.currentTarget;
        const form = new FormData(formElement);
        const model = String(form.get("model") ?? "").trim();
        const body = {
          name: String(form.get("name") ?? ""),
          instructions: String(form.get("instructions") ?? ""),
          tools: toolsOf(String(form.get("tools") ?? "")),
          ...(model && { model }),
        };
        setError(null);
        setBusy(true);
        try {
          const saved = await api(agent ? `/api/v1/agents/${agent.id}` : "/api/v1/agents", {
            method: agent ? "PATCH" : "POST",
            json: body,
            schema: agentViewSchema,
          });
          if (!agent) formElement.reset();
          onSaved(saved);
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="grid gap-1 text-sm" htmlFor={`${prefix}-name`}>
        <span className="font-medium">Name</span>
        <input
          id={`${prefix}-name`}
          name="name"
          required
          maxLength={AGENT_NAME_MAX}
          defaultValue={agent?.name}
          className={inputClass}
          placeholder="Researcher"
        />
      </label>
      <label className="grid gap-1 text-sm" htmlFor={`${prefix}-model`}>
        <span className="font-medium">Model</span>
        <input
          id={`${prefix}-model`}
          name="model"
          maxLength={200}
          defaultValue={agent?.model}
          className={`${inputClass} font-mono`}
          placeholder="the server's default (demo, openai:gpt-4o-mini, …)"
        />
      </label>
      <label className="grid gap-1 text-sm" htmlFor={`${prefix}-instructions`}>
        <span className="font-medium">Instructions</span>
        <textarea
          id={`${prefix}-instructions`}
          name="instructions"
          rows={4}
          maxLength={AGENT_INSTRUCTIONS_MAX}
          defaultValue={agent?.instructions}
          className={inputClass}
          placeholder="You are a helpful assistant. Cite your sources."
        />
      </label>
      <label className="grid gap-1 text-sm" htmlFor={`${prefix}-tools`}>
        <span className="font-medium">Tools (optional, comma-separated)</span>
        <input id={`${prefix}-tools`} name="tools" defaultValue={agent?.tools.join(", ")} className={inputClass} />
      </label>
      <FormError error={error} />
      <div className="flex flex-wrap gap-3">
        <PrimaryButton busy={busy} busyLabel="Saving…">
          {agent ? "Save changes" : "Save agent"}
        </PrimaryButton>
        {onCancel && (
          <button
            type="button"
            onClick={onCancel}
            className="rounded-md border border-zinc-300 px-4 py-2 text-sm dark:border-zinc-700"
          >
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
