import type { Metadata } from "next";
import Link from "next/link";
import { RunStatusChip } from "@/components/run/status-chip";
import { WaitingNote } from "@/components/run/waiting-note";
import { pageIdentity } from "@/lib/http/identity/page-access";
import { listRuns } from "@/lib/runs/queries";
import type { RunList } from "@/lib/runs/views";
import { listMySessions, type MySession } from "@/lib/sessions/mine";

export const metadata: Metadata = { title: "My sessions and runs" };
export const dynamic = "force-dynamic";

const listClass = "divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800";
const muted = "text-zinc-600 dark:text-zinc-400";

export default async function MinePage() {
  const userId = await pageIdentity();
  const [sessions, runs] = userId
    ? await Promise.all([listMySessions(userId), listRuns({ userId, id: userId }, { limit: 50 })])
    : [[], { runs: [] }];
  return (
    <div className="space-y-10">
      <h1 className="text-3xl font-bold tracking-tight">My sessions and runs</h1>
      <MySessions sessions={sessions} />
      <MyRuns runs={runs.runs} />
    </div>
  );
}

function MySessions({ sessions }: { sessions: MySession[] }) {
  return (
    <section aria-labelledby="my-sessions" className="space-y-3">
      <h2 id="my-sessions" className="text-xl font-semibold">
        Sessions
      </h2>
      {sessions.length === 0 ? (
        <p className={muted}>
          You are in no sessions yet.{" "}
          <Link className="text-indigo-700 underline dark:text-indigo-300" href="/#sessions">
            Start one
          </Link>{" "}
          or open an invite link.
        </p>
      ) : (
        <ul className={listClass}>
          {sessions.map((s) => (
            <li key={s.session_id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
              <Link href={`/sessions/${s.session_id}`} className="min-w-0 break-words font-medium hover:underline">
                {s.title}
              </Link>
              <span className={`text-xs ${muted}`}>
                {s.role} · {s.is_public ? "public" : "private"} · joined{" "}
                <time dateTime={s.joined_at}>{s.joined_at.slice(0, 10)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MyRuns({ runs }: { runs: RunList["runs"] }) {
  return (
    <section aria-labelledby="my-runs" className="space-y-3">
      <h2 id="my-runs" className="text-xl font-semibold">
        Runs
      </h2>
      {runs.length === 0 ? (
        <p className={muted}>
          No runs yet.{" "}
          <Link className="text-indigo-700 underline dark:text-indigo-300" href="/#runs">
            Start one
          </Link>
          .
        </p>
      ) : (
        <ul className={listClass}>
          {runs.map((r) => (
            <li key={r.run_id} data-run-id={r.run_id} className="px-3 py-2 text-sm">
              <div className="flex items-center justify-between gap-3">
                <Link href={`/runs/${r.run_id}`} className="min-w-0 truncate hover:underline">
                  <span className={`mr-2 text-xs uppercase ${muted}`}>{r.strategy}</span>
                  {r.task}
                </Link>
                <RunStatusChip run={r} waiting={r.waiting !== null} />
              </div>
              {r.waiting && <WaitingNote waiting={r.waiting} sessionId={r.session_id} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
