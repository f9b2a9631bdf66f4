// Who is starting, reading or steering a run (lib/http/actor.ts finds out from the request).

export interface Actor {
  /** The browser user, for sessions and "my runs". */
  userId: string | null;
  /** What `runs.created_by` records: the user id, or the API key's id. */
  id: string | null;
  /** The API key the request came with: the streams it opens end when the key is revoked. */
  keyId?: string | null;
  /** The client's address (lib/http/client-address.ts), for limits an identity cannot dodge. */
  address?: string | null;
}
