import "server-only";
// Who is starting or steering a run: a browser identity, an API key, or (unless required) nobody.
import { verifyApiKey } from "@/lib/auth/api-keys";
import { assertSameOrigin, bearerToken, identityOf } from "@/lib/auth/request";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export interface Actor {
  /** The browser user, for sessions and "my runs". */
  userId: string | null;
  /** What `runs.created_by` records: the user id, or the API key's id. */
  id: string | null;
}

export async function runActor(request: Request, options: { mutating: boolean }): Promise<Actor> {
  if (options.mutating) assertSameOrigin(request);
  const token = bearerToken(request);
  if (token?.startsWith("pk_")) {
    const key = await verifyApiKey(token);
    if (!key) throw new AppError("unauthorized", "The API key is not valid or has been revoked");
    return { userId: null, id: key.keyId };
  }
  const userId = identityOf(request);
  if (!userId && options.mutating && env.PARLEY_RUNS_REQUIRE_AUTH) {
    throw new AppError("unauthorized", "Starting runs needs an identity here: use the web app or an API key");
  }
  return { userId, id: userId };
}

/** The run's control token, when the caller sent one (the CLI keeps it from the create response). */
export function controlTokenOf(request: Request): string | null {
  return request.headers.get("x-parley-control-token");
}
