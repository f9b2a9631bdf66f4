// The API key a browser allowed waits for its terminal sealed (AES-256-GCM under a key derived from
// PARLEY_SECRET, bound to its login's id), so the database never holds a usable key, and one login's
// sealed key cannot be passed off as another's. Pure.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;

const sealingKey = (secret: string) => createHmac("sha256", secret).update("parley cli-login seal v1").digest();

export function seal(secret: string, loginId: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(secret), iv);
  cipher.setAAD(Buffer.from(loginId));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The sealed text, or null when it was not sealed for this login with this secret (or was altered). */
export function unseal(secret: string, loginId: string, sealed: string): string | null {
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(secret), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(loginId));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return null; // wrong secret, wrong login, or altered: the authentication tag does not match
  }
}
