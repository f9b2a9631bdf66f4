// What the channel routes answer, as zod: the server builds these, the pages and the terminal read them.
import { z } from "zod";

/** POST /api/v1/channels/{name}/tokens: a short-lived read token, and where to use it. */
export const readTokenSchema = z.object({
  token: z.string().min(1),
  expires_at: z.string(),
  /** The channel's stream with the token, for EventSource. */
  stream_url: z.string(),
  /** The channel console with the token, to share. */
  console_url: z.string(),
});
export type ReadToken = z.infer<typeof readTokenSchema>;
