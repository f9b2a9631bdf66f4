// The one error shape on the wire, {"error": {"code", "message", "issues"?}}, as zod: lib/http/respond.ts
// writes it, and the clients (the pages' requests, the terminal) read it with this one schema. Pure zod.
import { z } from "zod";

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
