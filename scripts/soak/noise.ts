// Payloads the server cannot shrink: random text, so that what it stores or holds (PostgreSQL compresses
// large values, and a repeated character would cost it next to nothing) is as large as what was sent.
import { randomBytes } from "node:crypto";

/** `length` characters of random base64url text. */
export function noise(length: number): string {
  return randomBytes(Math.ceil((length * 3) / 4))
    .toString("base64url")
    .slice(0, length);
}
