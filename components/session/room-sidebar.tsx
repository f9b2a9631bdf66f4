"use client";
import { useRouter } from "next/navigation";
import { NewRunForm } from "@/components/run/new-run-form";
import { RecentRuns } from "@/components/run/recent-runs";
import { api } from "@/hooks/api";
import { canWrite } from "@/lib/sessions/room-state";
import type { Role } from "@/lib/sessions/schemas";
import type { ParticipantView } from "@/lib/sessions/views";
import { InvitePanel } from "./invite-panel";
import { ParticipantsPanel } from "./participants-panel";

interface SidebarProps {
  sessionId: string;
  /** The session's API path. */
  base: string;
  role: Role | null;
  participants: ParticipantView[];
  me: string | null;
  /** Changes when a run starts or ends in the session. */
  runsVersion: number;
  /** Opens a run in the room's run pane. */
  onOpenRun: (runId: string) => void;
}

/** Beside the chat: the session's runs, who is here, invites, exports, and leaving or deleting it. */
export function RoomSidebar({ sessionId, base, role, participants, me, runsVersion, onOpenRun }: SidebarProps) {
  return (
    <aside className="space-y-6">
      <section aria-labelledby="runs-heading" className="space-y-2">
        <h2 id="runs-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-500">
          Runs
        </h2>
        <RecentRuns sessionId={sessionId} version={runsVersion} onOpen={onOpenRun} />
        {canWrite(role) && (
          <details className="text-sm">
            <summary className="cursor-pointer text-indigo-600">Start a run everyone here watches</summary>
            <div className="pt-2">
              <NewRunForm sessionId={sessionId} compact onStarted={onOpenRun} />
            </div>
          </details>
        )}
      </section>
      <ParticipantsPanel sessionId={sessionId} participants={participants} me={me} isOwner={role === "owner"} />
      {role === "owner" && <InvitePanel sessionId={sessionId} />}
      <div className="flex flex-wrap gap-3 text-sm">
        <a href={`${base}/export?format=md`} className="text-indigo-600 hover:underline">
          Export (Markdown)
        </a>
        <a href={`${base}/export?format=json`} className="text-indigo-600 hover:underline">
          Export (JSON)
        </a>
      </div>
      <LeaveOrDelete base={base} role={role} />
    </aside>
  );
}

/** The owner deletes the session for everyone; anyone else in it leaves. */
function LeaveOrDelete({ base, role }: { base: string; role: Role | null }) {
  const router = useRouter();
  if (role === "owner") {
    return (
      <button
        type="button"
        onClick={async () => {
          if (!confirm("Delete this session for everyone? Its messages will be gone.")) return;
          await api(base, { method: "DELETE" });
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
        router.push("/");
      }}
      className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
    >
      Leave session
    </button>
  );
}
