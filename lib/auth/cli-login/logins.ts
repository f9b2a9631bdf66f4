import "server-only";
import { createApiKey } from "@/lib/auth/api-keys";
// `parley login` (RFC 8628 in spirit): a terminal starts a login and polls with its device code; a
// browser, as whoever it is, allows it — which makes that person an API key, sealed for the terminal — or
// denies it; the terminal collects the key once. Each step moves the login's status by one conditional
// update, so two racing polls or decisions cannot both win.
import { randomToken, sha256 } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { env, requireSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { randomId } from "@/lib/ids";
import { CLI_KEY_SCOPES, CLI_LOGIN_LIMITS, type DecidedLogin, type IssuedKey, type StartedLogin } from "./schemas";
import { seal, unseal } from "./seal";
import { formatUserCode, newUserCode, normalizeUserCode } from "./user-code";

export type LoginStatus = "pending" | "approved" | "denied" | "used";

const DEFAULT_CLIENT = "this computer";

export async function startLogin(input: {
  clientName?: string;
  address: string | null;
  origin: string;
  now?: number;
}): Promise<StartedLogin> {
  const now = input.now ?? Date.now();
  const db = await getDb();
  await db.cliLogin.deleteMany({ where: { expiresAt: { lt: new Date(now - CLI_LOGIN_LIMITS.keepAfterExpiryMs) } } });
  const pending = { status: "pending", expiresAt: { gt: new Date(now) } };
  if ((await db.cliLogin.count({ where: { ...pending, address: input.address } })) >= CLI_LOGIN_LIMITS.pendingPerAddress) {
    throw new AppError("rate_limited", `At most ${CLI_LOGIN_LIMITS.pendingPerAddress} logins may wait at once from one address`);
  }
  if ((await db.cliLogin.count({ where: pending })) >= CLI_LOGIN_LIMITS.pendingPerServer) {
    throw new AppError("unavailable", "Too many logins are waiting on this server; try again in a few minutes");
  }
  const deviceCode = randomToken(32);
  const userCode = newUserCode();
  await db.cliLogin.create({
    data: {
      id: randomId("cl"),
      deviceCodeHash: sha256(deviceCode),
      userCode,
      keyName: `parley CLI on ${input.clientName ?? DEFAULT_CLIENT}`,
      address: input.address,
      expiresAt: new Date(now + env.PARLEY_CLI_LOGIN_TTL_S * 1000),
    },
  });
  const page = `${input.origin}/cli/login`;
  return {
    device_code: deviceCode,
    user_code: formatUserCode(userCode),
    verification_uri: page,
    verification_uri_complete: `${page}?code=${formatUserCode(userCode)}`,
    expires_in: env.PARLEY_CLI_LOGIN_TTL_S,
    interval: env.PARLEY_CLI_LOGIN_INTERVAL_S,
  };
}

export interface LoginView {
  userCode: string;
  keyName: string;
  scopes: string[];
  status: LoginStatus | "expired";
  expiresAt: string;
}

/** What the browser's page shows for a typed code; null when no login has it. */
export async function describeLogin(typed: string, now = Date.now()): Promise<LoginView | null> {
  const userCode = normalizeUserCode(typed);
  if (!userCode) return null;
  const row = await (await getDb()).cliLogin.findUnique({ where: { userCode } });
  if (!row) return null;
  const status = row.status as LoginStatus;
  return {
    userCode: formatUserCode(userCode),
    keyName: row.keyName,
    scopes: CLI_KEY_SCOPES,
    status: status === "pending" && row.expiresAt.getTime() <= now ? "expired" : status,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** The browser's answer, as `userId`: allow makes them a key for the terminal; deny ends the login. */
export async function decideLogin(input: {
  typedCode: string;
  userId: string;
  allow: boolean;
  now?: number;
}): Promise<DecidedLogin> {
  const now = input.now ?? Date.now();
  const userCode = normalizeUserCode(input.typedCode);
  const db = await getDb();
  const row = userCode ? await db.cliLogin.findUnique({ where: { userCode } }) : null;
  if (!row) throw new AppError("not_found", "No login has this code: check it against your terminal");
  const claimed = await db.cliLogin.updateMany({
    where: { id: row.id, status: "pending", expiresAt: { gt: new Date(now) } },
    data: input.allow ? { status: "approved", userId: input.userId } : { status: "denied" },
  });
  if (claimed.count === 0) {
    if (row.expiresAt.getTime() <= now) throw new AppError("gone", "This login has expired: run `parley login` again");
    throw new AppError("conflict", "This login was already allowed or denied");
  }
  if (!input.allow) return { status: "denied", key_name: row.keyName, key_id: null };
  const key = await createApiKey({ name: row.keyName, scopes: CLI_KEY_SCOPES }, input.userId);
  await db.cliLogin.update({
    where: { id: row.id },
    data: { keyId: key.id, keySealed: seal(requireSecret(), row.id, key.key) },
  });
  return { status: "approved", key_name: row.keyName, key_id: key.id };
}

/**
 * The terminal's poll: the key once it is allowed (and never again), else why not yet or not at all —
 * in RFC 8628's words: authorization_pending, slow_down, access_denied, expired_token, invalid_grant.
 */
export async function redeemLogin(input: { deviceCode: string; now?: number }): Promise<IssuedKey> {
  const now = input.now ?? Date.now();
  const db = await getDb();
  const row = await db.cliLogin.findUnique({ where: { deviceCodeHash: sha256(input.deviceCode) } });
  if (!row || row.status === "used") {
    throw new AppError("invalid_grant", "This device code is unknown or its key was already collected: run `parley login` again");
  }
  if (row.status === "denied") throw new AppError("access_denied", "The login was denied in the browser");
  const ready = row.status === "approved" && row.keySealed !== null;
  if (!ready && row.expiresAt.getTime() <= now)
    throw new AppError("expired_token", "The login expired before it was allowed: run `parley login` again");
  await assertPolite(row.id, now);
  if (!ready) throw new AppError("authorization_pending", "Waiting for the login to be allowed in the browser");
  const taken = await db.cliLogin.updateMany({
    where: { id: row.id, status: "approved" },
    data: { status: "used", keySealed: null },
  });
  const key = taken.count === 1 && row.keySealed ? unseal(requireSecret(), row.id, row.keySealed) : null;
  if (!key || !row.keyId || !row.userId) {
    throw new AppError("invalid_grant", "This login's key was already collected: run `parley login` again");
  }
  const user = await db.user.findUnique({ where: { id: row.userId } });
  return {
    api_key: key,
    key_id: row.keyId,
    user: { id: row.userId, display_name: user?.displayName ?? user?.email ?? null },
  };
}

/** Polls closer together than the interval are refused (RFC 8628 §3.5), each one restarting the wait. */
async function assertPolite(loginId: string, now: number): Promise<void> {
  const db = await getDb();
  // A little slack for timers and networks: a client that waits the interval is never told to slow down.
  const earliest = new Date(now - env.PARLEY_CLI_LOGIN_INTERVAL_S * 1000 + 250);
  const polite = await db.cliLogin.updateMany({
    where: { id: loginId, OR: [{ lastPolledAt: null }, { lastPolledAt: { lte: earliest } }] },
    data: { lastPolledAt: new Date(now) },
  });
  if (polite.count === 0) {
    await db.cliLogin.update({ where: { id: loginId }, data: { lastPolledAt: new Date(now) } });
    throw new AppError("slow_down", `Poll at most every ${env.PARLEY_CLI_LOGIN_INTERVAL_S} s`, {
      headers: { "Retry-After": String(env.PARLEY_CLI_LOGIN_INTERVAL_S) },
    });
  }
}
