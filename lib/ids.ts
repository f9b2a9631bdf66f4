// Ids: random ones for things looked up by id, time-sortable ones for things paged in creation order.
// An id that is its thing's only read credential (a run outside a session) must not be guessable, so
// sortable ids carry 20 random base-36 characters (about 103 bits, like session ids) after the time.
import { randomBytes } from "node:crypto";

export { sortableIdPattern } from "./id-patterns";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
/** Bytes at or above this are rejected, so every character is equally likely (252 = 7 × 36). */
const UNBIASED_LIMIT = 252;

/** `length` characters of [0-9a-z], each uniformly random. */
function randomChars(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length + 8)) {
      if (b < UNBIASED_LIMIT) out += ALPHABET[b % 36];
      if (out.length === length) break;
    }
  }
  return out;
}

export function randomId(prefix: string, length = 20): string {
  return `${prefix}_${randomChars(length)}`;
}

/** Random characters in a sortable id, and the bits they carry. */
export const SORTABLE_RANDOM_CHARS = 20;
export const SORTABLE_RANDOM_BITS = SORTABLE_RANDOM_CHARS * Math.log2(36);

let lastMs = 0;
let counter = 0;

/**
 * `<prefix>_` + 9 base-36 digits of milliseconds + 4 of a per-process counter + 20 random: ids made
 * later sort after ids made earlier (strictly, within one process), using only [0-9a-z] so any
 * collation agrees.
 */
export function sortableId(prefix: string, now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else {
    counter++;
  }
  const time = lastMs.toString(36).padStart(9, "0");
  const seq = (counter % 36 ** 4).toString(36).padStart(4, "0");
  return `${prefix}_${time}${seq}${randomChars(SORTABLE_RANDOM_CHARS)}`;
}
