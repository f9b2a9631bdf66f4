// Identities that arrive in headers rather than in the browser's cookie. Pure (the secret is passed in),
// so proxy.ts and the route handlers share them.
//
// - X-User-ID from a trusted proxy (PARLEY_TRUST_USER_HEADER=true): the proxy's own ids — 1 to 128 of
//   A–Z a–z 0–9 . _ @ + - (e.g. `alice`, `alice@example.com`). They are kept in their own namespace,
//   `p:<id>`, so "alice" can never be, or become, a cookie identity (`u_…`). An id already shaped like a
//   Parley cookie id is taken as it is: that is how scripts and tests act as a browser identity.
// - An API key's owner: proxy.ts verifies a Bearer key once and forwards its owner in a header signed
//   with PARLEY_SECRET, so every session endpoint knows the key's user without a database read of its own.
import { isUserId } from "./identity-cookie";
import { safeEqual, sign } from "./signing";

export const PROXY_USER_ID = /^[A-Za-z0-9._@+-]{1,128}$/;
export const PROXY_ID_PREFIX = "p:";

/** The user id for an X-User-ID value, or null when it is not an id a proxy may send. */
export function userIdFromHeader(value: string | null): string | null {
  if (!value) return null;
  if (isUserId(value)) return value;
  return PROXY_USER_ID.test(value) ? `${PROXY_ID_PREFIX}${value}` : null;
}

/** Internal: set by proxy.ts on requests that carry a verified API key with an owner; never trusted unsigned. */
export const KEY_USER_HEADER = "x-parley-key-user";
const PURPOSE = "api-key-user";

export function signKeyUser(secret: string, userId: string): string {
  return `${userId}.${sign(secret, PURPOSE, userId)}`;
}

export function verifyKeyUser(secret: string, value: string | null): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return null;
  const userId = value.slice(0, dot);
  return safeEqual(value.slice(dot + 1), sign(secret, PURPOSE, userId)) ? userId : null;
}
