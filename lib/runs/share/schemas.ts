// Run share links: what a client may ask for, the limits (docs/security.md), and how a link's token
// travels with a reader's requests. Pure, shared by the routes, the page and the terminal.
import { z } from "zod";

/** A link lives this long unless asked otherwise… */
export const SHARE_LINK_DEFAULT_S = 7 * 24 * 3600;
/** …at most this long (a link is a credential anyone holding it can use)… */
export const SHARE_LINK_MAX_S = 30 * 24 * 3600;
/** …and at least this (a short one is harmless: it stops working sooner). */
export const SHARE_LINK_MIN_S = 1;
/** Links of one run that stand (neither revoked nor expired) at once. */
export const MAX_SHARE_LINKS_PER_RUN = 10;

export const createShareLinkSchema = z
  .object({
    expires_in_s: z.number().int().min(SHARE_LINK_MIN_S).max(SHARE_LINK_MAX_S).default(SHARE_LINK_DEFAULT_S),
  })
  .strict();
export type CreateShareLinkInput = z.infer<typeof createShareLinkSchema>;

/** A link as its run's managers see it (its token is shown once, when it is made). */
export interface ShareLinkView {
  id: string;
  run_id: string;
  created_at: string;
  expires_at: string;
  revoked: boolean;
  expired: boolean;
}

/** The query parameter (and, for API clients, `X-Parley-Share-Token`) a shared run is read with. */
export const SHARE_PARAM = "share";
export const SHARE_HEADER = "x-parley-share-token";

/** `path` read with a share link's token, when there is one. */
export function withShare(path: string, token: string | null | undefined): string {
  if (!token) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${SHARE_PARAM}=${encodeURIComponent(token)}`;
}

/** The page a link opens: the run page, read-only. */
export const sharedRunPath = (runId: string, token: string) => withShare(`/runs/${runId}`, token);
