// Identities that arrive in headers rather than in the browser's cookie. Pure (the secret is passed in),
// so proxy.ts and the route handlers share them.
//
// - X-User-ID from a trusted proxy (PARLEY_TRUST_USER_HEADER=true): the proxy's own ids — 1 to 128 of
//   A–Z a–z 0–9 . _ @ + - (e.g. `alice`, `alice@example.com`). They are kept in their own namespace,
//   `p:<id>`, so "alice" can never be, or become, a cookie identity (`u_…`). An id already shaped like a
//   Parley cookie id is taken as it is: that is how scripts and tests act as a browser identity.
// - An API key's owner: proxy.ts verifies a Bearer key once and forwards its owner (and the key's id) in a
//   header signed with PARLEY_SECRET, so every session endpoint knows the key's user without a database read of its own.

import { safeEqual } from "@/lib/crypto";
import { isUserId } from "./identity-cookie";
import { sign } from "./signing";

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
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A request made with an API key: the person it acts as, and the key (its streams end with it). */
export interface KeyCaller {
  userId: string;
  keyId: string;
}

/** `<key id>.<user id>.<signature>`: key ids hold no dot, user ids may. */
export function signKeyUser(secret: string, caller: KeyCaller): string {
  if (!KEY_ID.test(caller.keyId)) throw new TypeError(`not a key id: ${caller.keyId}`);
  const value = `${caller.keyId}.${caller.userId}`;
  return `${value}.${sign(secret, PURPOSE, value)}`;
}

export function verifyKeyUser(secret: string, header: string | null): KeyCaller | null {
  if (!header) return null;
  const lastDot = header.lastIndexOf(".");
  const firstDot = header.indexOf(".");
  if (firstDot <= 0 || lastDot <= firstDot + 1) return null;
  const value = header.slice(0, lastDot);
  if (!safeEqual(header.slice(lastDot + 1), sign(secret, PURPOSE, value))) return null;
  return { keyId: value.slice(0, firstDot), userId: value.slice(firstDot + 1) };
}
