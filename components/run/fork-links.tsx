// Where a run stands among its forks: the run it was forked from, and the runs forked from it, each with a
// link to compare them side by side from the fork point.
import Link from "next/link";
import type { RunState } from "@/lib/runs/state/run-state";
import { StatusChip } from "./status-chip";

const link = "text-indigo-700 hover:underline dark:text-indigo-300";

export function ForkLinks({ state }: { state: RunState }) {
  const { run, forks, turns } = state;
  const from = run.forked_from;
  if (!from && forks.length === 0) return null;
  // The fork point is the agent's first turn of its own: the ones before it are inherited.
  const forkAgent = turns.find((t) => !t.inherited)?.agent;
  const agentOf = (turnId: string) => turns.find((t) => t.turn_id === turnId)?.agent;
  return (
    <nav aria-label="Forks" className="space-y-1 text-sm" data-testid="fork-links">
      {from && (
        <p data-testid="forked-from">
          Forked from{" "}
          <Link href={`/runs/${from.run_id}`} className={`${link} font-mono text-xs break-all`}>
            {from.run_id}
          </Link>
          {forkAgent && ` at ${forkAgent}’s turn`} ·{" "}
          <Link href={`/runs/${from.run_id}/compare?with=${run.run_id}`} className={link}>
            Compare with it
          </Link>
        </p>
      )}
      {forks.length > 0 && (
        <div>
          <p>{forks.length === 1 ? "1 fork" : `${forks.length} forks`} of this run:</p>
          <ul className="space-y-1">
            {forks.map((f) => (
              <li key={f.run_id} className="flex flex-wrap items-center gap-2" data-testid="fork-item">
                <Link href={`/runs/${f.run_id}`} className={`${link} font-mono text-xs break-all`}>
                  {f.run_id}
                </Link>
                <span className="text-zinc-600 dark:text-zinc-400">from {agentOf(f.turn_id) ?? "a"}’s turn</span>
                <StatusChip status={f.status} />
                <Link href={`/runs/${run.run_id}/compare?with=${f.run_id}`} className={link}>
                  Compare
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </nav>
  );
}
