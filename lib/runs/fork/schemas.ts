// Forking a run: what a client may ask for (POST /api/v1/runs/{id}/fork). Pure zod.
import { z } from "zod";
import { createRunSchema } from "../schemas";
import { MAX_CONTENT } from "../steering/schemas";

export const forkRunSchema = z
  .object({
    /** The turn the fork runs live from: the turns before it are inherited. */
    at: z.object({ turn_id: z.string().min(1).max(200) }).strict(),
    /** Read by the next agent as a note (the people's notes, DESIGN.md "Steering"). */
    instruction: z.string().trim().min(1, "an instruction, when given, cannot be empty").max(MAX_CONTENT).optional(),
    /** Every agent's model from the fork point on (inherited turns keep theirs). */
    model: createRunSchema.shape.model,
    /** The fork's agents; the agents of its inherited turns must be among them. */
    agents: createRunSchema.shape.agents,
  })
  .strict();

export type ForkRunInput = z.infer<typeof forkRunSchema>;
