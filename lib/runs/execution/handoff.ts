import "server-only";
// Handing a run from one slice to the next. The function whose slice is over marks the run (a fresh nonce,
// its lease renewed so no sweeper takes it for lost) and calls this deployment's continuation endpoint with
// a signed token naming that nonce, valid for a minute; the endpoint claims the run by clearing the nonce in
// one conditional update — so a token works once, on whichever instance it lands — and drives the next slice
// (lib/runs/execution/execute.ts). A hand-off is not a loss: `resumes` stays as it is.
import { continuationNonce, mintContinuationToken } from "@/lib/auth/tokens";
import { randomToken } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { env, internalOrigin, requireSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** How long a continuation token stays valid: the request is sent at once, so a minute is plenty. */
export const CONTINUATION_TTL_S = 60;
/** How long the handing function waits for the continuation endpoint to accept. */
const SEND_TIMEOUT_MS = 10_000;

const beingDriven = { in: ["running" as const, "paused" as const] };

/**
 * Marks the run as handed on and mints the one token that may claim it; null when the run is no longer
 * there to hand on (it ended meanwhile).
 */
export async function beginHandOff(runId: string): Promise<{ nonce: string; token: string } | null> {
  const db = await getDb();
  const nonce = randomToken(18);
  const marked = await db.run.updateMany({
    where: { id: runId, status: beingDriven },
    data: { handoffNonce: nonce, heartbeatAt: new Date(), handoffs: { increment: 1 } },
  });
  if (marked.count === 0) return null;
  return { nonce, token: mintContinuationToken(requireSecret(), runId, nonce, CONTINUATION_TTL_S).token };
}

/** Calls the continuation endpoint; true once it accepted the run (202). */
export async function sendHandOff(runId: string, token: string): Promise<boolean> {
  const url = `${internalOrigin()}/api/internal/runs/${encodeURIComponent(runId)}/continue`;
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  // Vercel's Deployment Protection would answer the deployment's own request with its login page.
  if (env.VERCEL_AUTOMATION_BYPASS_SECRET) headers["x-vercel-protection-bypass"] = env.VERCEL_AUTOMATION_BYPASS_SECRET;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status === 202) return true;
    console.error(`run ${runId}: the hand-off to ${url} was answered ${response.status}`);
  } catch (error) {
    console.error(`run ${runId}: the hand-off to ${url} failed`, error);
  }
  return false;
}

/** Claims a run handed on with `nonce`: true once — claiming clears the nonce and renews the lease. */
export async function claimHandOff(runId: string, nonce: string): Promise<boolean> {
  const db = await getDb();
  const claimed = await db.run.updateMany({
    where: { id: runId, handoffNonce: nonce, status: beingDriven },
    data: { handoffNonce: null, heartbeatAt: new Date() },
  });
  return claimed.count === 1;
}

/** The nonce a continuation request's token names for `runId`; 401 when it names none (forged, expired, another run's). */
export function requireContinuationNonce(runId: string, token: string | null): string {
  const nonce = token ? continuationNonce(requireSecret(), token, runId) : null;
  if (!nonce) throw new AppError("unauthorized", "A valid continuation token is required");
  return nonce;
}
