import "server-only";
// The invite page names a session and a role for a valid token, so looking at it is a join attempt:
// it shares POST /join's limits (per identity and per address). Checked in proxy.ts, before rendering.
import { chargeQuota } from "@/lib/auth/quotas";
import { AppError } from "@/lib/errors";
import { clientAddress } from "./identity/client-address";

/** A 429 page when this caller has tried too many invites lately; null when it may go on. */
export async function limitInvitePage(request: Request, identity: string | null): Promise<Response | null> {
  try {
    await chargeQuota("join", { person: identity, address: clientAddress(request.headers) });
    return null;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "rate_limited") throw error;
    return new Response(
      `<!doctype html><meta charset="utf-8"><title>Too many attempts</title><p>Too many invite links tried from here. ${error.message}.</p>`,
      { status: 429, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...error.headers } },
    );
  }
}
