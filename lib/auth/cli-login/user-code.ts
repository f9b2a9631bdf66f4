// The code a person compares between terminal and browser (RFC 8628 §6.1): eight consonants, no vowels
// (no words), no look-alikes (no I, O, U, Y), shown as ABCD-EFGH — 20^8 ≈ 2.6·10^10 codes. Pure.
import { randomInt } from "node:crypto";

export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
export const USER_CODE_LENGTH = 8;

/** A fresh code, stored as its eight letters (no dash). */
export function newUserCode(): string {
  let code = "";
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** ABCDEFGH → ABCD-EFGH, as people read and type it. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a person typed (any case, dashes and spaces anywhere) as a stored code — or null when it cannot be one. */
export function normalizeUserCode(typed: string): string | null {
  if (typed.length > 32) return null;
  const letters = typed.toUpperCase().replace(/[\s-]/g, "");
  if (letters.length !== USER_CODE_LENGTH) return null;
  for (const c of letters) if (!USER_CODE_ALPHABET.includes(c)) return null;
  return letters;
}
