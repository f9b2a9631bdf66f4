"use client";
// A run and one of its forks side by side from the fork point (lib/runs/compare.ts): the two outcomes,
// then each lane's text, tokens and cost in two columns, what the fork removed struck through on the left
// and what it added underlined on the right. Without `other`, the run's forks (or its source) to pick from.
import Link from "next/link";
import useSWR from "swr";
import type { GetRunResponse } from "@/app/api/v1/runs/[id]/route";
import { Notice } from "@/components/session/notice";
import { ApiError, fetcher } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import { type CompareLane, compareRuns, type LaneSide, orderPair, type RunSide } from "@/lib/runs/compare";
import type { DiffPart } from "@/lib/text/word-diff";
import { usd } from "./format";
import { StatusChip } from "./status-chip";

const link = "text-indigo-700 hover:underline dark:text-indigo-300";
const swr = { revalidateOnFocus: false } as const;

function useRun(id: string | null) {
  return useSWR<GetRunResponse>(id ? `/api/v1/runs/${id}` : null, fetcher, swr);
}

export function CompareView({ id, other }: { id: string; other: string | null }) {
  const a = useRun(id);
  const b = useRun(other);
  const failed = a.error ?? b.error;
  if (failed) {
    return failed instanceof ApiError && failed.status === 404 ? (
      <Notice title="Run not found">It may belong to a private session you are not in.</Notice>
    ) : (
      <Notice title="Could not load the runs">{messageOf(failed)}</Notice>
    );
  }
  if (!a.data || (other && !b.data)) return <p className="text-zinc-600 dark:text-zinc-400">Loading…</p>;
  if (!other || !b.data) return <PickFork run={a.data} />;
  const pair = orderPair(a.data, b.data);
  if (!pair) {
    return (
      <Notice title="These runs are not a run and its fork">
        Compare a run with a run forked from it: <Link href={`/runs/${id}/compare`}>pick one of its forks</Link>.
      </Notice>
    );
  }
  const c = compareRuns(pair.source, pair.fork);
  return (
    <div className="space-y-6" data-testid="compare">
      <header className="space-y-2">
        <p className="text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Compare</p>
        <h1 className="text-2xl font-semibold">{pair.source.run.task}</h1>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          From {c.at ? `${c.at.agent}’s turn (step ${c.at.seq})` : "the fork point"} on; the {c.inherited} turn
          {c.inherited === 1 ? "" : "s"} before it the fork carried over unchanged. Removed text is{" "}
          <del className="bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200">struck through</del>, added text{" "}
          <ins className="bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">underlined</ins>.
        </p>
      </header>
      <div className="grid gap-4 sm:grid-cols-2">
        <RunCard title="Source" side={c.source} />
        <RunCard title="Fork" side={c.fork} />
      </div>
      {c.lanes.map((lane) => (
        <LaneCompare key={lane.agent} lane={lane} />
      ))}
    </div>
  );
}

function RunCard({ title, side }: { title: string; side: RunSide }) {
  return (
    <section
      aria-label={`${title} run`}
      className="space-y-1 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
      data-testid={`compare-${title.toLowerCase()}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        <StatusChip status={side.status} />
      </div>
      <Link href={`/runs/${side.run_id}`} className={`${link} font-mono text-xs break-all`}>
        {side.run_id}
      </Link>
      <p data-testid="compare-verdict">
        Verdict: {side.verdict ? `${side.verdict.passed ? "✓" : "✗"} ${side.verdict.verdict}` : "none"}
      </p>
      <p>
        From the fork point: in {side.usage.input_tokens.toLocaleString()} · out {side.usage.output_tokens.toLocaleString()}{" "}
        tokens · {usd(side.usage.cost_usd)}
      </p>
    </section>
  );
}

function Figures({ side }: { side: LaneSide | null }) {
  if (!side) return <p className="text-xs text-zinc-600 dark:text-zinc-400">No turn from the fork point on.</p>;
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="lane-figures">
      {side.turns === 1 ? "1 turn" : `${side.turns} turns`} · in {side.input_tokens.toLocaleString()} · out{" "}
      {side.output_tokens.toLocaleString()} tokens · {usd(side.cost_usd)}
      {side.status !== "completed" && ` · ${side.status}`}
    </p>
  );
}

/** One side of the diff: the same text plain, the other side's own part marked. */
function DiffText({ parts, keep }: { parts: DiffPart[]; keep: "removed" | "added" }) {
  return (
    <p className="text-sm leading-relaxed break-words whitespace-pre-wrap">
      {parts.map((p, i) => {
        const key = `${i}-${p.op}`;
        if (p.op === "same") return <span key={key}>{p.text}</span>;
        if (p.op !== keep) return null;
        return keep === "removed" ? (
          <del key={key} className="bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200">
            {p.text}
          </del>
        ) : (
          <ins key={key} className="bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
            {p.text}
          </ins>
        );
      })}
    </p>
  );
}

function LaneCompare({ lane }: { lane: CompareLane }) {
  const same = lane.diff.every((p) => p.op === "same");
  return (
    <section
      aria-label={`${lane.agent}: source and fork`}
      className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      data-testid="compare-lane"
      data-agent={lane.agent}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold">{lane.agent}</h2>
        <span className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="lane-change">
          {same ? "the same text" : "the text differs"}
        </span>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="min-w-0 space-y-1" data-testid="lane-source">
          <h3 className="text-xs font-medium text-zinc-600 uppercase dark:text-zinc-400">Source</h3>
          <Figures side={lane.source} />
          <DiffText parts={lane.diff} keep="removed" />
        </div>
        <div className="min-w-0 space-y-1" data-testid="lane-fork">
          <h3 className="text-xs font-medium text-zinc-600 uppercase dark:text-zinc-400">Fork</h3>
          <Figures side={lane.fork} />
          <DiffText parts={lane.diff} keep="added" />
        </div>
      </div>
    </section>
  );
}

/** No run to compare with named: the forks of this run, or the run it was forked from. */
function PickFork({ run }: { run: GetRunResponse }) {
  const id = run.run.run_id;
  const from = run.run.forked_from;
  const choices = [
    ...(from ? [{ run_id: from.run_id, label: "the run it was forked from" }] : []),
    ...run.forks.map((f) => ({ run_id: f.run_id, label: `a fork (${f.status})` })),
  ];
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Compare</h1>
      {choices.length === 0 ? (
        <p>
          This run has no forks yet. Fork it from any turn on{" "}
          <Link href={`/runs/${id}`} className={link}>
            its page
          </Link>
          .
        </p>
      ) : (
        <ul className="space-y-1">
          {choices.map((c) => (
            <li key={c.run_id}>
              <Link href={`/runs/${id}/compare?with=${c.run_id}`} className={link}>
                Compare with {c.label}: <span className="font-mono text-xs">{c.run_id}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
