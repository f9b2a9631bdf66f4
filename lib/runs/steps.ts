// How many steps a run has: one rule for the engine's progress events and for the snapshot's progress.
import type { AgentSpec, Strategy } from "./schemas";

/** The kind of agent: the first word of its role ("reviewer: checks the implementation" → "reviewer"). */
export function roleKind(role: string): string {
  return role.toLowerCase().match(/^[a-z]+/)?.[0] ?? "";
}

/** A debate's sides: every agent argues, except the judge (if there is one), who decides at the end. */
export function debateSides<A extends Pick<AgentSpec, "role">>(agents: readonly A[]): { debaters: A[]; judge: A | undefined } {
  const judge = agents.find((a) => roleKind(a.role) === "judge");
  return { debaters: agents.filter((a) => a !== judge), judge };
}

/** A debate: each debater once per round, then the judge; the pipeline and the race: each agent once. */
export function totalSteps(run: { strategy: Strategy; agents: readonly Pick<AgentSpec, "role">[]; rounds: number }): number {
  if (run.strategy !== "debate") return run.agents.length;
  const { debaters, judge } = debateSides(run.agents);
  return debaters.length * run.rounds + (judge ? 1 : 0);
}
