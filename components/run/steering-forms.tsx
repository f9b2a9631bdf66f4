"use client";
// What people send to a live run from the page: a note to the agents, a vote at a gate, a comment.
import { useState } from "react";
import { FormError, inputClass } from "@/components/ui/form";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import type { AgentSpec } from "@/lib/runs/schemas";
import { type Anchor, MAX_CONTENT } from "@/lib/runs/steering/schemas";
import type { GateView } from "@/lib/runs/steering/views";

const button =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";

/** Posts `json` to `url`; returns the error message, or null when it went through. */
async function send(url: string, json: unknown, method = "POST"): Promise<string | null> {
  try {
    await api(url, { method, json });
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

/** An editor's note to every agent, or to one: each agent reads it in its next turn; a line says it went. */
export function NoteComposer({ runId, agents }: { runId: string; agents: AgentSpec[] }) {
  const [content, setContent] = useState("");
  const [to, setTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      aria-label="Note to the agents"
      className="grid gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setSent(null);
        const failed = await send(`/api/v1/runs/${runId}/interjections`, { content, ...(to && { to }) });
        setBusy(false);
        setError(failed);
        if (failed) return;
        setContent("");
        setSent(
          `Note sent to ${to || "every agent"}: ${to ? "it reads" : "each reads"} it in ${to ? "its" : "their"} next turn.`,
        );
      }}
    >
      <div className="flex flex-wrap gap-2">
        <input
          value={content}
          onChange={(e) => {
            setContent(e.target.value);
            setSent(null);
          }}
          maxLength={MAX_CONTENT}
          required
          placeholder="A note to the agents: “Prefer PostgreSQL”"
          aria-label="Note"
          className={`${inputClass} min-w-0 flex-[1_1_16rem] text-sm`}
        />
        <div className="flex min-w-0 flex-wrap gap-2">
          <select value={to} onChange={(e) => setTo(e.target.value)} aria-label="Note for" className={`${inputClass} text-sm`}>
            <option value="">to every agent</option>
            {agents.map((a) => (
              <option key={a.name} value={a.name}>
                to {a.name}
              </option>
            ))}
          </select>
          <button type="submit" disabled={busy || !content.trim()} className={button}>
            {busy ? "Sending…" : "Send note"}
          </button>
        </div>
      </div>
      <p role="status" data-testid="note-sent" className="text-xs text-emerald-800 dark:text-emerald-300">
        {sent}
      </p>
      <FormError error={error} />
    </form>
  );
}

/** An editor's vote at a gate (./gate-panel.tsx): approve, reject, or redirect with an instruction; their vote so far is ticked. */
export function GateVote({ runId, gate, me }: { runId: string; gate: GateView; me: string | null }) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mine = gate.votes.find((v) => v.user_id === me)?.decision;
  const vote = async (decision: "approve" | "redirect" | "reject") => {
    setError(await send(`/api/v1/runs/${runId}/gates/${gate.gate_id}`, { decision, ...(note.trim() && { note }) }));
  };
  return (
    <div className="grid gap-2">
      <input
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={MAX_CONTENT}
        placeholder="What should the agent do instead? (for a redirect)"
        aria-label="Redirect instruction"
        className={`${inputClass} text-sm`}
      />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => vote("approve")}
          className={`${button} border-emerald-500 text-emerald-800 dark:text-emerald-300`}
        >
          Approve{mine === "approve" ? " ✓" : ""}
        </button>
        <button type="button" onClick={() => vote("redirect")} disabled={!note.trim()} className={button}>
          Redirect{mine === "redirect" ? " ✓" : ""}
        </button>
        <button
          type="button"
          onClick={() => vote("reject")}
          className={`${button} border-red-400 text-red-700 dark:text-red-300`}
        >
          Reject{mine === "reject" ? " ✓" : ""}
        </button>
      </div>
      <FormError error={error} />
    </div>
  );
}

/** A comment box pinned to a turn or an event. */
export function CommentBox({ runId, anchor, label }: { runId: string; anchor: Anchor; label: string }) {
  const [open, setOpen] = useState(false);
  const [content, setContent] = useState("");
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="text-xs text-indigo-700 hover:underline dark:text-indigo-300"
      >
        Comment
      </button>
    );
  }
  return (
    <form
      aria-label={label}
      className="flex flex-wrap gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const failed = await send(`/api/v1/runs/${runId}/comments`, { content, anchor });
        setError(failed);
        if (!failed) {
          setContent("");
          setOpen(false);
        }
      }}
    >
      <input
        value={content}
        onChange={(e) => setContent(e.target.value)}
        maxLength={MAX_CONTENT}
        required
        aria-label="Comment"
        placeholder="Your comment"
        className={`${inputClass} min-w-0 flex-1 py-1 text-sm`}
      />
      <button type="submit" disabled={!content.trim()} className={button}>
        Post
      </button>
      <FormError error={error} />
    </form>
  );
}

export async function deleteComment(runId: string, commentId: string): Promise<string | null> {
  return send(`/api/v1/runs/${runId}/comments/${commentId}`, undefined, "DELETE");
}
