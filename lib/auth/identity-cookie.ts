// The anonymous browser identity: a signed, HttpOnly cookie `<user id>.<signature>`. Pure (secret passed in),
// so proxy.ts can mint it before any page or route runs.

import { randomToken, safeEqual } from "@/lib/crypto";
import { sign } from "./signing";

export const IDENTITY_COOKIE = "parley_id";
export const IDENTITY_MAX_AGE_S = 400 * 24 * 60 * 60; // the longest lifetime browsers honour
const PURPOSE = "identity";
const USER_ID = /^u_[A-Za-z0-9_-]{16,64}$/;

export function newUserId(): string {
  return `u_${randomToken(16)}`;
}

export function isUserId(value: string): boolean {
  return USER_ID.test(value);
}

export function signIdentity(secret: string, userId: string): string {
  return `${userId}.${sign(secret, PURPOSE, userId)}`;
}

/** The user id of a validly signed cookie value, else null. */
export function verifyIdentity(secret: string, cookieValue: string | undefined | null): string | null {
  if (!cookieValue) return null;
  const dot = cookieValue.lastIndexOf(".");
  if (dot <= 0) return null;
  const userId = cookieValue.slice(0, dot);
  if (!isUserId(userId)) return null;
  return safeEqual(cookieValue.slice(dot + 1), sign(secret, PURPOSE, userId)) ? userId : null;
}
