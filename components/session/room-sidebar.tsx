"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { NewRunForm } from "@/components/run/new-run-form";
import { RecentRuns } from "@/components/run/recent-runs";
import { flash } from "@/components/ui/flash-notice";
import { api } from "@/hooks/api";
import { canWrite } from "@/lib/sessions/room-state";
import type { GuestRights, Role } from "@/lib/sessions/schemas";
import type { ParticipantView } from "@/lib/sessions/views";
import { GuestsSetting } from "./guests-setting";
import { InvitePanel } from "./invite-panel";
import { ParticipantsPanel } from "./participants-panel";

interface SidebarProps {
  sessionId: string;
  title: string;
  /** The session's API path. */
  base: string;
  role: Role | null;
  /** The guests' setting leaves me acting as my role (lib/sessions/guests.ts). */
  mayAct: boolean;
  guests: GuestRights;
  /** Accounts exist here: the guests' setting applies and invites may name an email. */
  signInConfigured: boolean;
  participants: ParticipantView[];
  me: string | null;
  /** Changes when a run starts or ends in the session. */
  runsVersion: number;
  /** Opens a run in the room's run pane. */
  onOpenRun: (runId: string) => void;
}

/** Beside the chat: the session's runs, who is here, invites, exports, and leaving or deleting it. */
export function RoomSidebar(props: SidebarProps) {
  const { sessionId, title, base, role, participants, me, runsVersion, onOpenRun } = props;
  const owner = role === "owner";
  return (
    <aside className="min-w-0 space-y-6">
      <section aria-labelledby="runs-heading" className="space-y-2">
        <h2 id="runs-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
          Runs
        </h2>
        <RecentRuns sessionId={sessionId} version={runsVersion} onOpen={onOpenRun} />
        {canWrite(role) && props.mayAct && <StartRun sessionId={sessionId} onStarted={onOpenRun} />}
      </section>
      <ParticipantsPanel sessionId={sessionId} participants={participants} me={me} isOwner={owner} />
      {owner && <InvitePanel sessionId={sessionId} signInConfigured={props.signInConfigured} />}
      {owner && props.signInConfigured && <GuestsSetting key={props.guests} base={base} guests={props.guests} />}
      <div className="flex flex-wrap gap-3 text-sm">
        <a href={`${base}/export?format=md`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          Export (Markdown)
        </a>
        <a href={`${base}/export?format=json`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          Export (JSON)
        </a>
      </div>
      <LeaveOrDelete base={base} role={role} title={title} />
    </aside>
  );
}

/** The room's run form, folded away once the run started (which opens beside the chat for everyone). */
function StartRun({ sessionId, onStarted }: { sessionId: string; onStarted: (runId: string) => void }) {
  const [open, setOpen] = useState(false);
  const [started, setStarted] = useState(false);
  return (
    <>
      <details className="text-sm" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="cursor-pointer text-indigo-700 dark:text-indigo-300">Start a run everyone here watches</summary>
        <div className="pt-2">
          <NewRunForm
            sessionId={sessionId}
            compact
            onStarted={(runId) => {
              setOpen(false);
              setStarted(true);
              onStarted(runId);
            }}
          />
        </div>
      </details>
      <p role="status" className="text-xs text-emerald-800 dark:text-emerald-300" data-testid="run-started">
        {started && !open ? "Run started: it opened in the room for everyone here." : ""}
      </p>
    </>
  );
}

/** The owner deletes the session for everyone; anyone else in it leaves. Either way, the home page says so. */
function LeaveOrDelete({ base, role, title }: { base: string; role: Role | null; title: string }) {
  const router = useRouter();
  if (role === "owner") {
    return (
      <button
        type="button"
        onClick={async () => {
          if (!confirm("Delete this session for everyone? Its messages will be gone.")) return;
          await api(base, { method: "DELETE" });
          flash(`The session “${title}” was deleted for everyone.`);
          router.push("/");
        }}
        className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
      >
        Delete session
      </button>
    );
  }
  if (!role) return null;
  return (
    <button
      type="button"
      onClick={async () => {
        await api(`${base}/leave`, { method: "POST" });
        flash(`You left “${title}”. It is no longer in your sessions; an invite link lets you back in.`);
        router.push("/");
      }}
      className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
    >
      Leave session
    </button>
  );
}
