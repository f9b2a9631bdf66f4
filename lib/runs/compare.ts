// A run and one of its forks side by side from the fork point (the compare view): per agent, what each
// run's turns from there on said, cost and used, with the text's differences marked (lib/text/word-diff).
// Pure: built from the two snapshots the page fetches.
import { type DiffPart, diffWords } from "@/lib/text/word-diff";
import type { RunSnapshot, TurnView } from "./views";

export interface LaneSide {
  text: string;
  turns: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** The last turn's status (a lane still streaming, failed, or cut short). */
  status: TurnView["status"];
}

export interface CompareLane {
  agent: string;
  source: LaneSide | null;
  fork: LaneSide | null;
  /** The source's text against the fork's. */
  diff: DiffPart[];
}

export interface RunSide {
  run_id: string;
  status: RunSnapshot["run"]["status"];
  verdict: RunSnapshot["run"]["verdict"];
  summary: string | null;
  /** What the run's turns from the fork point on used and cost (before it, the fork inherited them unbilled). */
  usage: { input_tokens: number; output_tokens: number; cost_usd: number };
}

export interface Comparison {
  /** The source's turn the fork ran live from. */
  at: { turn_id: string; agent: string; seq: number } | null;
  /** How many turns the fork carried over. */
  inherited: number;
  source: RunSide;
  fork: RunSide;
  lanes: CompareLane[];
}

/** Which of two runs is the other's source: the fork names it in `forked_from`. Null when neither does. */
export function orderPair(a: RunSnapshot, b: RunSnapshot): { source: RunSnapshot; fork: RunSnapshot } | null {
  if (b.run.forked_from?.run_id === a.run.run_id) return { source: a, fork: b };
  if (a.run.forked_from?.run_id === b.run.run_id) return { source: b, fork: a };
  return null;
}

function side(turns: TurnView[]): LaneSide | null {
  const last = turns.at(-1);
  if (!last) return null;
  return {
    text: turns.map((t) => t.text).join("\n\n"),
    turns: turns.length,
    input_tokens: turns.reduce((n, t) => n + t.input_tokens, 0),
    output_tokens: turns.reduce((n, t) => n + t.output_tokens, 0),
    cost_usd: turns.reduce((n, t) => n + t.cost_usd, 0),
    status: last.status,
  };
}

function runSide(s: RunSnapshot, turns: TurnView[]): RunSide {
  const { run_id, status, verdict, summary } = s.run;
  const sum = (k: "input_tokens" | "output_tokens" | "cost_usd") => turns.reduce((n, t) => n + t[k], 0);
  return {
    run_id,
    status,
    verdict,
    summary,
    usage: { input_tokens: sum("input_tokens"), output_tokens: sum("output_tokens"), cost_usd: sum("cost_usd") },
  };
}

/** The source and its fork from the fork point on, lane by lane (agents in the order they first spoke). */
export function compareRuns(source: RunSnapshot, fork: RunSnapshot): Comparison {
  const atId = fork.run.forked_from?.turn_id;
  const at = source.turns.find((t) => t.turn_id === atId);
  // A turn replaced by a later one of the same agent (redirected at a gate) is not what the lane ended with.
  const standing = (t: TurnView) => t.status !== "superseded";
  const sourceTurns = source.turns.filter((t) => standing(t) && (!at || t.seq >= at.seq));
  const forkTurns = fork.turns.filter((t) => standing(t) && !t.inherited);
  const agents = [...new Set([...sourceTurns, ...forkTurns].map((t) => t.agent))];
  const lanes = agents.map((agent) => {
    const s = side(sourceTurns.filter((t) => t.agent === agent));
    const f = side(forkTurns.filter((t) => t.agent === agent));
    return { agent, source: s, fork: f, diff: diffWords(s?.text ?? "", f?.text ?? "") };
  });
  return {
    at: at ? { turn_id: at.turn_id, agent: at.agent, seq: at.seq } : null,
    inherited: fork.turns.filter((t) => t.inherited).length,
    source: runSide(source, sourceTurns),
    fork: runSide(fork, forkTurns),
    lanes,
  };
}
