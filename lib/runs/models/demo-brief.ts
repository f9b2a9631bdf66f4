// What an agent's turn is about, as the demo model reads it: the engine sends it with each call.
import { z } from "zod";

/** What an agent's turn is about, passed to the demo model in `providerOptions.parley`. */
export const demoBriefSchema = z.object({
  role: z.string(),
  agent: z.string(),
  task: z.string(),
  round: z.number(),
  seed: z.number(),
  stance: z.string().optional(),
  /** Names of the agents whose turns this one responds to. */
  respondsTo: z.array(z.string()).optional(),
  /** The people's notes in this turn's prompt: the demo answers them first, quoting them. */
  notes: z.array(z.object({ author: z.string(), content: z.string() })).optional(),
  /** A gate sent the previous answer back with this instruction. */
  instruction: z.string().optional(),
});
export type DemoBrief = z.infer<typeof demoBriefSchema>;
