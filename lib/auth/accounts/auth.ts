import "server-only";
// Sign-in through better-auth (a maintained library: OAuth/OIDC flows, state, PKCE, its sessions in
// Parley's database). Parley keeps one identity per person: better-auth's users are rows of Parley's
// `users` table with `u_…` ids like a guest's, so everything a user id names works for an account as it
// does for a guest. Around better-auth's own session cookie Parley sets `parley_account` (account-cookie.ts),
// which every route reads without the database; signing in merges the browser's guest into the account.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { randomToken } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { env, requireSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { PEER_ADDRESS_HEADER } from "@/lib/http/identity/client-address";
import { processGlobal } from "@/lib/process-global";
import { sign } from "../signing";
import { accountCookieAfterSignIn, accountCookieAfterSignOut } from "./cookies";
import { signInConfigured } from "./providers";

export const AUTH_BASE_PATH = "/api/auth";
/** A sign-in lasts 30 days and is renewed by use (at most once a day). */
export const SESSION_EXPIRES_S = 30 * 24 * 60 * 60;
const SESSION_UPDATE_AGE_S = 24 * 60 * 60;

async function build(origin: string) {
  const db = await getDb();
  const secret = requireSecret();
  const oidc = await oidcPlugin();
  return betterAuth({
    appName: "Parley",
    basePath: AUTH_BASE_PATH,
    // Where providers send the browser back: this deployment's origin as Parley trusts it (origin.ts).
    baseURL: origin,
    // Its own key, derived from PARLEY_SECRET: one secret to set, and neither signs the other's values.
    secret: sign(secret, "better-auth", "secret"),
    database: prismaAdapter(db, { provider: "postgresql" }),
    telemetry: { enabled: false },
    // Limited by Parley's own quotas (the `signIn` row of lib/auth/quota-table.ts, shared across instances
    // through Redis), charged by the route before better-auth sees the request.
    rateLimit: { enabled: false },
    user: { modelName: "user", fields: { name: "displayName" } },
    session: {
      modelName: "authSession",
      expiresIn: SESSION_EXPIRES_S,
      updateAge: SESSION_UPDATE_AGE_S,
      // proxy.ts asks on every page load whether the sign-in stands, from the database: no cookie cache, so
      // a sign-out elsewhere (or a revoked session) counts from the next page.
      cookieCache: { enabled: false },
    },
    account: { modelName: "authAccount" },
    verification: { modelName: "authVerification" },
    advanced: {
      cookiePrefix: "parley-auth",
      // The address a sign-in session records: the one Parley trusts (client-address.ts), not any X-Forwarded-For.
      ipAddress: { ipAddressHeaders: [env.PARLEY_CLIENT_IP_HEADER ?? PEER_ADDRESS_HEADER] },
      database: { generateId: ({ model }) => (model === "user" ? `u_${randomToken(16)}` : randomToken(18)) },
    },
    socialProviders: {
      ...(env.GITHUB_CLIENT_ID &&
        env.GITHUB_CLIENT_SECRET && { github: { clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET } }),
      ...(env.GOOGLE_CLIENT_ID &&
        env.GOOGLE_CLIENT_SECRET && { google: { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET } }),
    },
    plugins: oidc ? [oidc] : [],
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        const fresh = ctx.context.newSession;
        if (fresh && ctx.path.includes("/callback/")) await accountCookieAfterSignIn(ctx, fresh.user.id, fresh.session.expiresAt);
        if (ctx.path === "/sign-out") accountCookieAfterSignOut(ctx);
      }),
    },
  });
}

/**
 * The generic OIDC provider. better-auth reads the issuer's discovery document when it is built and drops
 * a provider it cannot reach, for good; Parley reads it first, so that an unreachable issuer refuses
 * sign-in with 503 and the next request tries again.
 */
async function oidcPlugin() {
  if (!env.PARLEY_OIDC_ISSUER || !env.PARLEY_OIDC_CLIENT_ID) return null;
  const discoveryUrl = `${env.PARLEY_OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const reachable = await fetch(discoveryUrl, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.ok,
    () => false,
  );
  if (!reachable) throw new AppError("unavailable", `The sign-in provider does not answer at ${discoveryUrl}; try again shortly`);
  return genericOAuth({
    config: [
      {
        providerId: "oidc",
        discoveryUrl,
        clientId: env.PARLEY_OIDC_CLIENT_ID,
        clientSecret: env.PARLEY_OIDC_CLIENT_SECRET,
        scopes: ["openid", "email", "profile"],
        pkce: true,
      },
    ],
  });
}

export type Auth = Awaited<ReturnType<typeof build>>;

/** One better-auth per origin this deployment answers on (PARLEY_PUBLIC_URL, or the socket's own names): a handful at most. */
const instances = processGlobal("better-auth", () => new Map<string, Promise<Auth>>());
const MAX_ORIGINS = 8;

/**
 * The process's better-auth for `origin` (from publicOrigin / trustedOrigin, never a raw Host header),
 * built on first use; a failed build is forgotten so the next call tries again.
 */
export function getAuth(origin: string): Promise<Auth> {
  if (!signInConfigured()) throw new AppError("not_found", "Sign-in is not configured on this deployment");
  let auth = instances.get(origin);
  if (!auth) {
    if (instances.size >= MAX_ORIGINS) instances.delete(instances.keys().next().value as string);
    auth = build(origin);
    instances.set(origin, auth);
    auth.catch(() => instances.delete(origin));
  }
  return auth;
}
