// Hashes, constant-time comparison and random tokens: the primitives every room that stores or checks a
// secret uses (API keys, invite tokens, control tokens, migration checksums). Pure.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
