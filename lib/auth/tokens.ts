// Signed, expiring tokens Parley mints for itself. Pure: the secret is passed in.
import { mintToken, verifyToken } from "./signing";

const CHANNEL_READ = "channel-read";
const ADMIN = "admin";

export const channelTokenTtl = { default: 15 * 60, max: 24 * 60 * 60 };

/**
 * Lets an EventSource (which cannot send headers) read one channel until it expires — and only while
 * the API key that minted it stands: the token names the key, and revoking the key ends the token.
 */
export function mintChannelToken(secret: string, channelName: string, keyId: string, ttlSeconds: number) {
  return mintToken(secret, CHANNEL_READ, { ch: channelName, kid: keyId }, ttlSeconds);
}

/**
 * The id of the key that minted `token` for `channelName` — or null when the token does not open that
 * channel: forged, expired, for another channel, or minted before tokens named their key. Whether the
 * key still stands is for the caller to check.
 */
export function channelTokenKey(secret: string, token: string, channelName: string): string | null {
  const claims = verifyToken(secret, CHANNEL_READ, token);
  if (claims?.ch !== channelName || typeof claims.kid !== "string" || claims.kid === "") return null;
  return claims.kid;
}

/** Scripts on the machine that holds PARLEY_SECRET prove it to the running server with this. */
export function mintAdminToken(secret: string, ttlSeconds = 60) {
  return mintToken(secret, ADMIN, {}, ttlSeconds);
}

export function isAdminToken(secret: string, token: string): boolean {
  return verifyToken(secret, ADMIN, token) !== null;
}

const RUN_CONTINUE = "run-continue";

/**
 * Lets Parley's own continuation endpoint claim one run being handed from one slice to the next: the token
 * names the run and the hand-off's nonce (stored on the run; claiming clears it, so the token works once).
 */
export function mintContinuationToken(secret: string, runId: string, nonce: string, ttlSeconds: number, now = Date.now()) {
  return mintToken(secret, RUN_CONTINUE, { run: runId, n: nonce }, ttlSeconds, now);
}

/** The hand-off nonce `token` names for `runId` — or null: forged, expired, or for another run. */
export function continuationNonce(secret: string, token: string, runId: string): string | null {
  const claims = verifyToken(secret, RUN_CONTINUE, token);
  if (claims?.run !== runId || typeof claims.n !== "string" || claims.n === "") return null;
  return claims.n;
}
