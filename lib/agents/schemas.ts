// Saved agents (AgentArea's agents, DESIGN.md "lib/agents"): what a person sends and what the API answers.
// Client-safe: the agents page and the routes share these.
import { z } from "zod";

export const AGENT_NAME_MAX = 100;
export const AGENT_INSTRUCTIONS_MAX = 8000;
export const AGENT_TOOLS_MAX = 20;
/** Saved agents one person may hold; creating one more is 409. */
export const AGENTS_PER_PERSON = 100;

const name = z.string().trim().min(1, "a name is required").max(AGENT_NAME_MAX);
const model = z.string().trim().min(1).max(200);
const instructions = z.string().max(AGENT_INSTRUCTIONS_MAX);
const tools = z.array(z.string().trim().min(1).max(100)).max(AGENT_TOOLS_MAX);

export const createAgentSchema = z
  .object({ name, model: model.optional(), instructions: instructions.optional(), tools: tools.optional() })
  .strict();
export type CreateAgentInput = z.infer<typeof createAgentSchema>;

export const updateAgentSchema = z
  .object({ name: name.optional(), model: model.optional(), instructions: instructions.optional(), tools: tools.optional() })
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: "name at least one field to change" });
export type UpdateAgentInput = z.infer<typeof updateAgentSchema>;

export const agentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  model: z.string(),
  instructions: z.string(),
  tools: z.array(z.string()),
  /** A built-in role of Parley's strategies: listed, not editable. */
  built_in: z.boolean(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
export type AgentView = z.infer<typeof agentViewSchema>;
