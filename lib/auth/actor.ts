// Who is starting, reading or steering a run, a stream or a write (lib/http/identity/run-actor.ts finds out from the request).
import type { Payer } from "./quota-table";

export interface Actor {
  /** The browser user, for sessions and "my runs". */
  userId: string | null;
  /** What `runs.created_by` records: the user id, or the API key's id. */
  id: string | null;
  /** The API key the request came with, if any: quotas count per key as well as per person, and the streams it opens end when the key is revoked. */
  keyId?: string | null;
  /** The client's address (lib/http/identity/client-address.ts), for limits an identity cannot dodge. */
  address?: string | null;
}

/** Who pays an actor's writes (lib/auth/quotas.ts); `person` when someone else than the user acts (a control token's holder). */
export function actorPayer(actor: Actor, person: string | null = actor.userId): Payer {
  return { key: actor.keyId ?? null, person, address: actor.address ?? null };
}
