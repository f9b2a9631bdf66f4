"use client";
import { useState } from "react";
import { Avatar } from "@/components/account/avatar";
import { api } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import type { ParticipantView } from "@/lib/sessions/views";
import { type InviteRole, mintInvite } from "./invite-panel";
import { RoleSelect } from "./role-select";

/** Someone the owner just removed, and the kind of link they came in with. */
type Removed = { name: string; role: InviteRole };

export function ParticipantsPanel({
  sessionId,
  participants,
  me,
  isOwner,
}: {
  sessionId: string;
  participants: ParticipantView[];
  me: string | null;
  isOwner: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const [removed, setRemoved] = useState<Removed | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <section aria-labelledby="people-heading" className="space-y-2">
      <h2 id="people-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        People ({participants.length})
      </h2>
      <ul className="space-y-2">
        {participants.map((p) => (
          <li
            key={p.user_id}
            data-user-id={p.user_id}
            data-online={p.online}
            className="flex flex-wrap items-center gap-2 text-sm"
          >
            <span
              aria-hidden
              className={`h-2.5 w-2.5 rounded-full ${p.online ? "bg-emerald-500" : "bg-zinc-300 dark:bg-zinc-700"}`}
            />
            <Avatar name={p.display_name} image={p.avatar_url} size={24} />
            <span className="min-w-0 break-words font-medium">
              {p.display_name}
              {p.user_id === me && " (you)"}
            </span>
            <span className="sr-only">{p.online ? "online" : "offline"}</span>
            {isOwner && p.role !== "owner" ? (
              <OwnerControls
                sessionId={sessionId}
                participant={p}
                act={act}
                onRemoved={() => setRemoved({ name: p.display_name, role: p.role === "viewer" ? "viewer" : "editor" })}
              />
            ) : (
              <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                {p.role}
              </span>
            )}
          </li>
        ))}
      </ul>
      {removed && <RotateSuggestion sessionId={sessionId} removed={removed} onDone={() => setRemoved(null)} />}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}

/** After a removal: the link they used still lets them back in until it is rotated. */
function RotateSuggestion({ sessionId, removed, onDone }: { sessionId: string; removed: Removed; onDone: () => void }) {
  const [state, setState] = useState<"ask" | "busy" | "done" | string>("ask");
  return (
    <div
      role="status"
      className="space-y-1 rounded-md bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      {state === "done" ? (
        <p>
          The {removed.role} link was rotated: the old one no longer works. Share the new one (under Invite) with the others.{" "}
          <button type="button" onClick={onDone} className="underline">
            OK
          </button>
        </p>
      ) : (
        <>
          <p>
            {removed.name} was removed. The {removed.role} link they joined with still lets anyone back in until you rotate it.
          </p>
          <p className="flex flex-wrap gap-3">
            <button
              type="button"
              disabled={state === "busy"}
              className="font-medium underline"
              onClick={async () => {
                setState("busy");
                try {
                  await mintInvite(sessionId, removed.role, true);
                  setState("done");
                } catch (err) {
                  setState(messageOf(err));
                }
              }}
            >
              Rotate the {removed.role} link now
            </button>
            <button type="button" onClick={onDone} className="underline">
              Not now
            </button>
          </p>
          {state !== "ask" && state !== "busy" && <p className="text-red-700 dark:text-red-400">{state}</p>}
        </>
      )}
    </div>
  );
}

/** What the owner may do to someone else: change their role, or remove them. */
function OwnerControls({
  sessionId,
  participant: p,
  act,
  onRemoved,
}: {
  sessionId: string;
  participant: ParticipantView;
  /** Runs a request; its failure shows under the list. */
  act: (fn: () => Promise<unknown>) => Promise<void>;
  onRemoved: () => void;
}) {
  const url = `/api/v1/collaborate/${sessionId}/participants/${p.user_id}`;
  return (
    <>
      <label className="sr-only" htmlFor={`role-${p.user_id}`}>
        Role of {p.display_name}
      </label>
      <RoleSelect
        id={`role-${p.user_id}`}
        value={p.role === "viewer" ? "viewer" : "editor"}
        onChange={(role) => act(() => api(url, { method: "PATCH", json: { role } }))}
      />
      <button
        type="button"
        onClick={() =>
          confirm(`Remove ${p.display_name} from this session?`) &&
          act(async () => {
            await api(url, { method: "DELETE" });
            onRemoved();
          })
        }
        aria-label={`Remove ${p.display_name}`}
        className="text-xs text-red-700 hover:underline dark:text-red-400"
      >
        Remove
      </button>
    </>
  );
}
