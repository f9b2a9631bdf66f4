// How many steps a run has: one rule for the engine's progress events and for the snapshot's progress.
import type { AgentSpec, RunStrategy } from "./schemas";

/** The kind of agent: the first word of its role ("reviewer: checks the implementation" → "reviewer"). */
export function roleKind(role: string): string {
  return role.toLowerCase().match(/^[a-z]+/)?.[0] ?? "";
}

/** A debate's sides: every agent argues, except the judge (if there is one), who decides at the end. */
export function debateSides<A extends Pick<AgentSpec, "role">>(agents: readonly A[]): { debaters: A[]; judge: A | undefined } {
  const judge = agents.find((a) => roleKind(a.role) === "judge");
  return { debaters: agents.filter((a) => a !== judge), judge };
}

/**
 * A debate: each debater once per round, then the judge; the pipeline and the race: each agent once;
 * an external run: a turn per agent it declared, or per turn it has started if that is more.
 */
export function totalSteps(run: {
  strategy: RunStrategy;
  agents: readonly Pick<AgentSpec, "role">[];
  rounds: number;
  startedTurns?: number;
}): number {
  if (run.strategy === "external") return Math.max(run.agents.length, run.startedTurns ?? 0);
  if (run.strategy !== "debate") return run.agents.length;
  const { debaters, judge } = debateSides(run.agents);
  return debaters.length * run.rounds + (judge ? 1 : 0);
}
