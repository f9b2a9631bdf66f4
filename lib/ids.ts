// Ids: random ones for things looked up by id, time-sortable ones for things paged in creation order.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

export function randomId(prefix: string, length = 20): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 36];
  return `${prefix}_${out}`;
}

let lastMs = 0;
let counter = 0;

/**
 * `<prefix>_` + 9 base-36 digits of milliseconds + 4 of a per-process counter + 6 random: ids made later
 * sort after ids made earlier (strictly, within one process), using only [0-9a-z] so any collation agrees.
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
  return `${prefix}_${time}${seq}${randomId("", 6).slice(1)}`;
}
