// The roles Parley's strategies run (lib/runs/engine/plan.ts), listed as agents: a pipeline's five, a
// debate's two debaters and its judge. Not stored and not editable; their model is the server's default.
import type { AgentView } from "./schemas";

const ROLES: [id: string, name: string, instructions: string][] = [
  ["architect", "Architect", "Designs the solution: components, data flow and the main risk."],
  ["coder", "Coder", "Implements the Architect's design."],
  ["reviewer", "Reviewer", "Reviews the implementation and gives a verdict."],
  ["refiner", "Refiner", "Applies the review to the implementation."],
  ["documenter", "Documenter", "Writes the README section a user needs."],
  ["proponent", "Proponent", "Argues for the proposal in a debate."],
  ["skeptic", "Skeptic", "Argues against the proposal in a debate."],
  ["judge", "Judge", "Weighs the debate's arguments and decides."],
];

export function builtinAgents(defaultModel: string): AgentView[] {
  return ROLES.map(([id, name, instructions]) => ({
    id,
    name,
    model: defaultModel,
    instructions,
    tools: [],
    built_in: true,
    created_at: null,
    updated_at: null,
  }));
}

export const isBuiltinAgentId = (id: string) => ROLES.some(([builtin]) => builtin === id);
