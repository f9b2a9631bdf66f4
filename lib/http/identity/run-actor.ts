import "server-only";
import type { Actor } from "@/lib/auth/actor";
// Who is starting, reading or steering a run, from the request: a browser identity, an API key, or
// (unless runs require one) nobody.
import { verifyApiKey } from "@/lib/auth/api-keys";
import { RUNS_SCOPE } from "@/lib/auth/scopes";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, bearerToken, identityOf } from "@/lib/http/identity/credentials";
import { SHARE_HEADER, SHARE_PARAM } from "@/lib/runs/share/schemas";
import { clientAddress } from "./client-address";

export async function runActor(request: Request, options: { mutating: boolean }): Promise<Actor> {
  if (options.mutating) assertSameOrigin(request);
  const token = bearerToken(request);
  if (token?.startsWith("pk_")) {
    const key = await verifyApiKey(token);
    if (!key) throw new AppError("unauthorized", "The API key is not valid or has been revoked");
    // A key made on the keys page acts as the person who made it: their runs, their sessions.
    return { userId: key.userId, id: key.userId ?? key.keyId, keyId: key.keyId, address: clientAddress(request.headers) };
  }
  const userId = identityOf(request);
  if (!userId && options.mutating && env.PARLEY_RUNS_REQUIRE_AUTH) {
    throw new AppError("unauthorized", "Starting runs needs an identity here: use the web app or an API key");
  }
  return { userId, id: userId, address: clientAddress(request.headers) };
}

/** A run share link's token, when the caller came with one (`?share=` — an EventSource sends no headers — or the header). */
export function shareTokenOf(request: Request): string | null {
  return new URL(request.url).searchParams.get(SHARE_PARAM) ?? request.headers.get(SHARE_HEADER);
}

/** The run's control token, when the caller sent one (the CLI keeps it from the create response). */
export function controlTokenOf(request: Request): string | null {
  return request.headers.get("x-parley-control-token");
}

/**
 * A producer of external runs: an API key with the `runs` scope (401 without a valid key, 403 without the
 * scope). It acts as its owner, like any key, so runs it starts in a session are theirs.
 */
export async function producerActor(request: Request): Promise<Actor> {
  const token = bearerToken(request);
  if (!token) throw new AppError("unauthorized", "Send an API key with the runs scope: Authorization: Bearer <key>");
  const key = await verifyApiKey(token);
  if (!key) throw new AppError("unauthorized", "The API key is not valid or has been revoked");
  if (!key.scopes.includes(RUNS_SCOPE)) {
    throw new AppError("forbidden", "This API key may not stream runs in: create one with the runs scope");
  }
  return { userId: key.userId, id: key.userId ?? key.keyId, keyId: key.keyId, address: clientAddress(request.headers) };
}
