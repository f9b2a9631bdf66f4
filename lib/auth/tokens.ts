// Signed, expiring tokens Parley mints for itself. Pure: the secret is passed in.
import { mintToken, verifyToken } from "./signing";

const CHANNEL_READ = "channel-read";
const ADMIN = "admin";

export const channelTokenTtl = { default: 15 * 60, max: 24 * 60 * 60 };

/** Lets an EventSource (which cannot send headers) read one channel until it expires. */
export function mintChannelToken(secret: string, channelName: string, ttlSeconds: number) {
  return mintToken(secret, CHANNEL_READ, { ch: channelName }, ttlSeconds);
}

export function channelTokenAllows(secret: string, token: string, channelName: string): boolean {
  return verifyToken(secret, CHANNEL_READ, token)?.ch === channelName;
}

/** Scripts on the machine that holds PARLEY_SECRET prove it to the running server with this. */
export function mintAdminToken(secret: string, ttlSeconds = 60) {
  return mintToken(secret, ADMIN, {}, ttlSeconds);
}

export function isAdminToken(secret: string, token: string): boolean {
  return verifyToken(secret, ADMIN, token) !== null;
}
